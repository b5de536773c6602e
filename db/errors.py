"""Errors the data layer raises; each carries a Chinese message a clerk can act on."""


class FubanError(Exception):
    """Base of every error whose message is meant for the user (Chinese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class StaleRecordError(FubanError):
    """Optimistic locking: someone else saved the record after it was loaded."""

    def __init__(self, message: str = "该记录已被他人修改，请刷新后重试"):
        super().__init__(message)


class NotFoundError(FubanError):
    pass


class SchemaTooNewError(FubanError):
    pass


class DatabaseLocationError(FubanError):
    pass
