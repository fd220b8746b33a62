"""Static checks of the files in infra/ — syntax and consistency only.

    .venv/bin/python infra/check_syntax.py

Nothing here builds an image or starts a container: the CI machine has no Docker
engine (nor a Kubernetes cluster), so the Dockerfile, compose.yaml and the manifests are
never run in CI. This script only catches what can be caught without running them:

- every YAML file parses (multi-document files included);
- the environment variable names given to the containers (compose.yaml, k8s ConfigMap
  and example Secret) are names the settings actually read (a typo such as
  S3_ACCESS_KEY instead of S3_ACCESS_KEY_ID would otherwise fail silently);
- structural rules that must not regress: one-shot `migrate` before web/worker/beat,
  exactly one beat (replicas 1, Recreate), no Secret in the kustomization, ...;
- the Docker ignore allow-list covers every package folder of setup.py.

Needs PyYAML (present in the dev environment).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path
from typing import Any

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("check_syntax: PyYAML is required (it is in requirements/dev.lock).")

INFRA = Path(__file__).resolve().parent
ROOT = INFRA.parent
SETTINGS = [
    ROOT / "platform" / "settings" / "base.py",
    ROOT / "platform" / "settings" / "production.py",
]

# Read by something other than the Django settings.
EXTRA_ENV = {
    "DJANGO_SETTINGS_MODULE",  # Django itself
    "WEB_CONCURRENCY",  # the image's gunicorn command
    "GUNICORN_CMD_ARGS",  # gunicorn
    "SENTRY_RELEASE",  # sentry-sdk
}
# Must reach every Guichet container in production (ConfigMap + Secret).
REQUIRED_ENV = {
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "S3_BUCKET",
    "S3_PRIVATE_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "SENTRY_DSN",
    "GUICHET_BASE_DOMAIN",
    "GUICHET_PUBLIC_HOST",
    "DJANGO_ALLOWED_HOSTS",
    "EMAIL_URL",
}

errors: list[str] = []


def fail(message: str) -> None:
    errors.append(message)


def settings_env_names() -> set[str]:
    names: set[str] = set()
    for path in SETTINGS:
        names |= set(re.findall(r"env\.\w+\(\s*\"([A-Z][A-Z0-9_]*)\"", path.read_text()))
    if not names:
        fail('no env.xxx("NAME") call found in the settings: has the settings layout changed?')
    return names


def load_all(path: Path) -> list[Any]:
    try:
        return [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]
    except yaml.YAMLError as exc:
        fail(f"{path.relative_to(ROOT)}: invalid YAML: {exc}")
        return []


def check_env_names(where: str, names: set[str], known: set[str]) -> None:
    for name in sorted(names - known):
        fail(f"{where}: {name} is not read by the settings (typo?)")


def check_compose(known: set[str]) -> None:
    path = INFRA / "compose.yaml"
    docs = load_all(path)
    if len(docs) != 1:
        fail("compose.yaml: expected one YAML document")
        return
    compose = docs[0]
    services = compose.get("services", {})
    expected = {
        "postgres",
        "redis",
        "minio",
        "createbuckets",
        "migrate",
        "web",
        "worker",
        "beat",
    }
    for name in sorted(expected - set(services)):
        fail(f"compose.yaml: service {name} missing")
    check_env_names("compose.yaml x-guichet-env", set(compose.get("x-guichet-env", {})), known)
    for name in ("createbuckets", "migrate"):
        if services.get(name, {}).get("restart") != "no":
            fail(f'compose.yaml: one-shot service {name} must have restart: "no"')
    if "migrate_schemas" not in " ".join(services.get("migrate", {}).get("command", [])):
        fail("compose.yaml: the migrate service must run migrate_schemas")
    for name in ("web", "worker", "beat"):
        service = services.get(name, {})
        deps = service.get("depends_on", {})
        if deps.get("migrate", {}).get("condition") != "service_completed_successfully":
            fail(f"compose.yaml: {name} must depend on migrate (service_completed_successfully)")
        if "migrate" in " ".join(map(str, service.get("command", []) or [])):
            fail(f"compose.yaml: {name} must not migrate")
        check_env_names(f"compose.yaml {name}", set(service.get("environment", {})), known)
    if "deploy" in services.get("beat", {}):
        fail("compose.yaml: beat must not be replicated")


def check_k8s(known: set[str]) -> None:
    k8s = INFRA / "k8s"
    kustomization = load_all(k8s / "kustomization.yaml")
    resources = kustomization[0].get("resources", []) if kustomization else []
    objects: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(k8s.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for doc in load_all(path):
            for key in ("apiVersion", "kind", "metadata"):
                if key not in doc:
                    fail(f"k8s/{path.name}: {key} missing")
            if not doc.get("metadata", {}).get("name"):
                fail(f"k8s/{path.name}: metadata.name missing")
            objects.append((path.name, doc))
        if path.name not in resources and path.name != "secret.example.yaml":
            fail(f"k8s/{path.name}: not listed in kustomization.yaml resources")
    for resource in resources:
        if not (k8s / resource).is_file():
            fail(f"k8s/kustomization.yaml: resource {resource} does not exist")
    for name, doc in objects:
        if doc.get("kind") == "Secret" and name in resources:
            fail(f"k8s/{name}: a Secret must not be part of the kustomization")

    by_name = {doc["metadata"]["name"]: doc for _, doc in objects if doc.get("metadata", {}).get("name")}
    beat = by_name.get("guichet-beat", {}).get("spec", {})
    if beat.get("replicas") != 1 or beat.get("strategy", {}).get("type") != "Recreate":
        fail("k8s beat: must be replicas: 1 with strategy Recreate (never two beats)")
    job = by_name.get("guichet-migrate", {})
    if job.get("kind") != "Job":
        fail("k8s: the migration Job guichet-migrate is missing")

    env: set[str] = set()
    env |= set(by_name.get("guichet-config", {}).get("data", {}))
    env |= set(by_name.get("guichet-secrets", {}).get("stringData", {}))
    check_env_names("k8s ConfigMap/Secret", env, known)
    for name in sorted(REQUIRED_ENV - env):
        fail(f"k8s ConfigMap/Secret: {name} missing")

    for _, doc in objects:
        if doc.get("kind") not in {"Deployment", "Job"}:
            continue
        pod = doc["spec"]["template"]["spec"]
        name = doc["metadata"]["name"]
        if not pod.get("securityContext", {}).get("runAsNonRoot"):
            fail(f"k8s {name}: runAsNonRoot must be true")
        for container in pod.get("containers", []):
            command = " ".join(container.get("command", []))
            if name != "guichet-migrate" and "migrate" in command:
                fail(f"k8s {name}: only the Job may migrate")
            refs = {ref.get("configMapRef", {}).get("name") for ref in container.get("envFrom", [])}
            refs |= {ref.get("secretRef", {}).get("name") for ref in container.get("envFrom", [])}
            if not {"guichet-config", "guichet-secrets"} <= refs:
                fail(f"k8s {name}: envFrom must include guichet-config and guichet-secrets")
    web = by_name.get("guichet-web", {})
    if web.get("kind") == "Deployment":
        container = web["spec"]["template"]["spec"]["containers"][0]
        for probe in ("readinessProbe", "livenessProbe"):
            if container.get(probe, {}).get("httpGet", {}).get("path") != "/healthz":
                fail(f"k8s guichet-web: {probe} must GET /healthz")


def check_dockerfile() -> None:
    text = (INFRA / "Dockerfile").read_text()
    for needle in (
        "requirements/base.lock",
        "--no-deps .",
        "collectstatic",
        "guichet.wsgi:application",
        "HEALTHCHECK",
        "/healthz",
        "USER 10001",
        "DJANGO_SETTINGS_MODULE=guichet.settings.production",
    ):
        if needle not in text:
            fail(f"Dockerfile: {needle!r} not found")
    if re.search(r"^\s*(ENV|ARG)\s+DJANGO_SECRET_KEY", text, re.MULTILINE):
        fail("Dockerfile: DJANGO_SECRET_KEY must never be baked into the image")

    ignore = (INFRA / "Dockerfile.dockerignore").read_text().split()
    allowed = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    tree = ast.parse((ROOT / "setup.py").read_text())
    apps: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "APPS" for t in node.targets):
            apps = list(ast.literal_eval(node.value))
    for folder in ["platform", *apps]:
        if folder not in allowed:
            fail(f"Dockerfile.dockerignore: package folder {folder}/ is not allowed into the build context")
    for name in ("pyproject.toml", "setup.py", "manage.py", "requirements/base.lock"):
        if name not in allowed:
            fail(f"Dockerfile.dockerignore: {name} is not allowed into the build context")


def main() -> int:
    known = settings_env_names() | EXTRA_ENV
    check_compose(known)
    check_k8s(known)
    check_dockerfile()
    for message in errors:
        print(f"infra: {message}", file=sys.stderr)
    if not errors:
        print("infra: syntax and consistency checks passed (nothing was built or run).")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
