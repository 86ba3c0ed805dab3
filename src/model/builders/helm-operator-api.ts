/** The one API version of the helm-operator.ketches.cn CRDs. @internal */
export const HELM_OPERATOR_API_VERSION = 'helm-operator.ketches.cn/v1alpha1';
