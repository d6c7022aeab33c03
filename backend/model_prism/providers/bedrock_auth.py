"""Request signing for Bedrock: SigV4 through botocore's signer, or a Bedrock API key as a bearer token."""

from __future__ import annotations

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.session import get_session

from ..errors import ProviderError
from .base import ProviderConfig

SIGNING_NAME = "bedrock"  # both bedrock and bedrock-runtime sign as "bedrock"


def region_of(config: ProviderConfig) -> str:
    """Give the provider's AWS region (`credentials.region`, `options.region`, else us-east-1)."""
    return str(config.credentials.get("region") or config.options.get("region") or "us-east-1")


def _credentials(config: ProviderConfig) -> Credentials:
    key_id, secret = config.credentials.get("accessKeyId"), config.credentials.get("secretAccessKey")
    if config.auth_type == "aws_credentials" and key_id and secret:
        return Credentials(key_id, secret, config.credentials.get("sessionToken") or None)
    found = get_session().get_credentials()
    if found is None:
        raise ProviderError(
            "[bedrock] No AWS credentials: set an access key id and secret, a Bedrock API key, or an IAM role",
            status=401,
        )
    return found


def signed_headers(
    config: ProviderConfig, method: str, url: str, body: bytes, headers: dict[str, str]
) -> dict[str, str]:
    """Give the headers to send: a Bedrock API key as `Authorization: Bearer`, else SigV4-signed ones."""
    if config.auth_type in ("api_key", "bearer") and config.api_key:
        return {**headers, "Authorization": f"Bearer {config.api_key}"}
    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    SigV4Auth(_credentials(config), SIGNING_NAME, region_of(config)).add_auth(request)
    return dict(request.headers.items())
