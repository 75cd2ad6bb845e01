"""Answers to problems passed to a department come back here (voice.hooks)."""

from tongxin.voice.hooks import on_reply


@on_reply("grid")
def problem_answered(case) -> None:
    from .services.problems import problem_answer_arrived

    problem_answer_arrived(case)
