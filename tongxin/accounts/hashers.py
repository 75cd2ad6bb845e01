"""A fast hasher for one-time initial passwords.

Initial passwords are 12 random characters from a 54-letter alphabet (about 69 bits),
so a salted SHA-256 is as safe for them as a slow hash is for a chosen password, and
issuing a whole mine's worth at once takes a second rather than an hour. The first
sign-in forces a change, and the new password is stored with the default PBKDF2.
"""

import hashlib

from django.contrib.auth.hashers import BasePasswordHasher, mask_hash
from django.utils.crypto import constant_time_compare


class InitialCodeHasher(BasePasswordHasher):
    algorithm = "initial_sha256"

    def encode(self, password, salt):
        self._check_encode_args(password, salt)
        digest = hashlib.sha256((salt + password).encode()).hexdigest()
        return f"{self.algorithm}${salt}${digest}"

    def decode(self, encoded):
        algorithm, salt, digest = encoded.split("$", 2)
        assert algorithm == self.algorithm
        return {"algorithm": algorithm, "hash": digest, "salt": salt}

    def verify(self, password, encoded):
        decoded = self.decode(encoded)
        return constant_time_compare(encoded, self.encode(password, decoded["salt"]))

    def safe_summary(self, encoded):
        decoded = self.decode(encoded)
        return {"algorithm": decoded["algorithm"], "hash": mask_hash(decoded["hash"])}

    def harden_runtime(self, password, encoded):
        pass
