"""A test-only API with one unsafe endpoint: the API has no writes yet, CSRF is tested here.

Mounted with @pytest.mark.urls("tests.api.csrf_urls"); it uses the real API's auth and
error handlers.
"""

from django.urls import path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError

from tongxin.api.auth import API_AUTH
from tongxin.api.docs import LocalSwagger
from tongxin.api.main import http_error, unauthenticated

csrf_api = NinjaAPI(
    title="csrf test", urls_namespace="api-csrf-test", auth=API_AUTH, docs=LocalSwagger()
)
csrf_api.add_exception_handler(AuthenticationError, unauthenticated)
csrf_api.add_exception_handler(HttpError, http_error)


@csrf_api.post("/echo")
def echo(request):
    return {"employee_no": request.auth.employee_no}


urlpatterns = [path("api/", csrf_api.urls)]
