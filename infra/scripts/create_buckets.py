"""Create the two S3 buckets of a local stack (compose.yaml's `createbuckets` service).

Runs inside the Guichet image (boto3 is already installed) and reads the same variables as
the application: S3_ENDPOINT_URL, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_REGION,
S3_BUCKET (public media: images and documents published on the tenants' sites) and
S3_PRIVATE_BUCKET (citizens' uploads: never public, served through presigned URLs only).

Idempotent: existing buckets are kept. Works against any S3-compatible server (MinIO,
Garage, SeaweedFS, ...), not only MinIO. In production, buckets and their policies are
provisioned by the hosting provider's tooling (Terraform, console), not by this script.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

import boto3
from botocore.exceptions import ClientError, EndpointConnectionError


def client() -> Any:
    return boto3.client(
        "s3",
        endpoint_url=os.environ.get("S3_ENDPOINT_URL") or None,
        aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"],
        region_name=os.environ.get("S3_REGION", "us-east-1"),
    )


def ensure_bucket(s3: Any, name: str) -> None:
    try:
        s3.head_bucket(Bucket=name)
        print(f"bucket {name}: exists")
        return
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in {
            "404",
            "NoSuchBucket",
            "NotFound",
        }:
            raise
    s3.create_bucket(Bucket=name)
    print(f"bucket {name}: created")


def make_public_read(s3: Any, name: str) -> None:
    """Anonymous GetObject only (no listing), like `mc anonymous set download`."""
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": ["*"]},
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{name}/*"],
            }
        ],
    }
    s3.put_bucket_policy(Bucket=name, Policy=json.dumps(policy))
    print(f"bucket {name}: anonymous read of objects allowed")


def main() -> int:
    public = os.environ["S3_BUCKET"]
    private = os.environ.get("S3_PRIVATE_BUCKET", "")
    s3 = client()
    for _attempt in range(30):  # the store may still be starting
        try:
            s3.list_buckets()
            break
        except EndpointConnectionError:
            time.sleep(2)
    else:
        print("S3 endpoint unreachable", file=sys.stderr)
        return 1
    ensure_bucket(s3, public)
    make_public_read(s3, public)
    if private and private != public:
        ensure_bucket(s3, private)  # no policy: private by default
    return 0


if __name__ == "__main__":
    sys.exit(main())
