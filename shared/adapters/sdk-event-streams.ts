/**
 * Stands in for `@smithy/core/event-streams` in the deployed bundles (an esbuild alias set by
 * infra/constructs/ops-function.ts). The SDK's protocols import it lazily, only for an operation with an
 * event-stream input or output; no operation of the clients we bundle (DynamoDB, Step Functions, EventBridge,
 * SNS) has one, yet the bundler inlines the dynamic import (~15 KB with its CRC32 codec). Should one ever be
 * called, it fails with this message instead of misbehaving.
 */
const unsupported = (): never => {
  throw new Error(
    'Event streams are not bundled in Commerce Ops functions (@smithy/core/event-streams is aliased away; ' +
      'see docs/architecture.md, "Lean bundles"). Remove the alias in infra/constructs/ops-function.ts to use an event-stream operation.',
  );
};

export class EventStreamSerde {
  constructor() {
    unsupported();
  }
}

export const eventStreamSerdeProvider = (): never => unsupported();
