/**
 * The names kustomize reads a kustomization from, in its order
 * (kubernetes-sigs/kustomize api/konfig/general.go
 * `RecognizedKustomizationFileNames`, at 12f9e639); Flux's generator looks
 * for the same three.
 */
export const KUSTOMIZATION_FILES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
