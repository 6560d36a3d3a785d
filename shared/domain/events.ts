/**
 * Domain events: what a context tells the rest of the system after a state change.
 * `source` = `commerce.<context>`, `detailType` = past-tense PascalCase (`SupplierApproved`).
 * Written to the outbox in the same transaction as the change; the table stream publishes them.
 */
export interface DomainEventDraft<D extends object = Record<string, unknown>> {
  readonly source: string;
  readonly detailType: string;
  /** `summary` is one human sentence, used verbatim by notifications. */
  readonly detail: D & { readonly summary: string };
}

export interface DomainEvent<D extends object = Record<string, unknown>> extends DomainEventDraft<D> {
  /** ULID; consumers use it to ignore redeliveries. */
  readonly eventId: string;
  /** ISO-8601 UTC. */
  readonly occurredAt: string;
  readonly correlationId: string;
}

/** The `detail` as it travels on the bus: the domain payload plus the event's identity. */
export type PublishedDetail<D extends object = Record<string, unknown>> = D & {
  readonly summary: string;
  readonly eventId: string;
  readonly occurredAt: string;
  readonly correlationId: string;
};
