"""Error answers in Pipedrive's shapes; raise ApiError anywhere below a view."""

from django.http import JsonResponse

ERROR_INFO = "Please check developers.pipedrive.com"


class ApiError(Exception):
    def __init__(self, status: int, body: dict, headers: dict | None = None):
        super().__init__(body.get("error") or body)
        self.status, self.body, self.headers = status, body, headers or {}

    def response(self) -> JsonResponse:
        response = JsonResponse(self.body, status=self.status)
        for name, value in self.headers.items():
            response[name] = value
        return response


def bad_request_v2(message: str) -> ApiError:
    return ApiError(400, {"success": False, "error": message, "code": "ERR_BAD_REQUEST"})


def not_found_v2() -> ApiError:
    return ApiError(
        404,
        {
            "success": False,
            "error": "Entity was not found",
            "error_info": "Object was not found.",
            "data": None,
            "additional_data": None,
        },
    )


def v1_error(message: str, status: int = 400) -> ApiError:
    return ApiError(
        status,
        {
            "success": False,
            "error": message,
            "error_info": ERROR_INFO,
            "data": None,
            "additional_data": None,
        },
    )


def gateway_error(status: int, message: str, headers: dict | None = None) -> ApiError:
    return ApiError(
        status,
        {"success": False, "error": message, "errorCode": status, "error_info": ERROR_INFO},
        headers,
    )


UNAUTHORIZED = ("unauthorized access", 401)
PAYMENT_REQUIRED = ("Company account is not open. Payment required.", 402)


def unknown_route() -> ApiError:
    """What an unknown API path answers (the shape Pipedrive's gateway is seen to use; its docs
    show none: sandbox/GUESSES.md)."""
    return ApiError(
        404,
        {
            "success": False,
            "error": "Unknown method .",
            "error_info": f"{ERROR_INFO} for more information about Pipedrive API.",
            "data": None,
            "additional_data": None,
        },
    )
