// Unit tests synthesize charts from registries this machine cannot reach
// (ghcr.io, docker.io). Registry checks are off unless a test turns them on
// (the resolver and end-to-end tests, against local registries).
process.env.FLUX_OCI_RESOLVE = 'off';
