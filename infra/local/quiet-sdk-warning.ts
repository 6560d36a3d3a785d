/**
 * Imported first by the CLI entries: the AWS SDK's Node-version notice (about AWS's support window for
 * Node 20) would otherwise print on every start. Must run before any module builds an SDK client.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export {};
