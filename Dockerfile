# syntax=docker/dockerfile:1
# The env-secrets image: the release's Linux binary on distroless base-nossl
# (glibc, no shell, no package manager; runs as the nonroot user). A Bun-compiled
# binary links glibc, so distroless `static` cannot run it; TLS and its CA roots
# are built into the binary, so the image needs no OpenSSL.
#
# Built from the release binaries, never from source, so the image holds
# exactly the bytes that SHA256SUMS and the provenance attestation describe:
#   npm run build:release -- --target linux-x64 --target linux-arm64
#   docker buildx build --platform linux/amd64,linux/arm64 -t env-secrets .
# (scripts/release.ts links each binary to dist/release/image/<os>/<arch>/.)
FROM gcr.io/distroless/base-nossl-debian12:nonroot@sha256:be40c00dfabd86576d92666e87e406714d5618342de1a0c213ad232de255172e

ARG TARGETPLATFORM
COPY --chmod=0755 dist/release/image/${TARGETPLATFORM}/env-secrets /env-secrets

ENTRYPOINT ["/env-secrets"]
CMD ["--help"]
