/**
 * Customer service: tickets from every channel, replies and internal notes, statuses, assignment, ratings,
 * SLA policies and the service calendar as data, macros, metrics. Shapes live here; the rules (statuses,
 * clocks, due moments, metrics, macros) live in shared/domain/service.
 */
import * as z from './z';
import { defineRoute } from './route';
import { isoDateTime, paginated, trimmedText, ulidSchema } from './common';
import { paginationQuery } from './pagination';
import { CHANNELS, PRIORITIES } from '../domain/service/sla';
import { MAX_MESSAGE_LENGTH, TICKET_CATEGORIES, TICKET_STATUSES } from '../domain/service/ticket';
import { unknownPlaceholders } from '../domain/service/macros';
import { ORDER_STATUSES } from '../domain/orders/order';
import { requestReturnBodySchema } from './returns';

const tagSchema = z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'A lower-case tag, e.g. late-parcel'), z.maxLength(40));
const tagsSchema = z.array(tagSchema).check(z.maxLength(10));
const messageSchema = trimmedText(MAX_MESSAGE_LENGTH);
export const macroIdSchema = z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'A lower-case slug, e.g. where-is-my-parcel'), z.maxLength(60));
const hhmm = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time HH:MM, e.g. 09:00'));
const minutesSchema = z.number().check(z.positive(), z.maximum(525_600));
const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const openTicketBodySchema = z.strictObject({
  channel: z.enum(CHANNELS),
  category: z.enum(TICKET_CATEGORIES),
  subject: trimmedText(200),
  message: messageSchema,
  /** The order it is about: must exist and be the customer's (422 UnknownOrder otherwise). */
  orderId: z.optional(ulidSchema),
  /** The return it is about, as the customer knows it (returns are not built yet: kept, not checked). */
  returnId: z.optional(ulidSchema),
  /** Staff only (a customer's ticket is `normal` until an agent re-prioritises it). */
  priority: z.optional(z.enum(PRIORITIES)),
  tags: z.optional(tagsSchema),
  /** Staff logging a call or mail: whose ticket it is (required for them, refused from a customer). */
  customerId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
});

export const replyBodySchema = z
  .strictObject({
    message: z.optional(messageSchema),
    /** A canned reply whose placeholders are filled from the ticket and its order, instead of `message`. */
    macroId: z.optional(macroIdSchema),
    /** An internal note: staff only, never shown to the customer. */
    internal: z._default(z.boolean(), false),
  })
  .check(z.refine((body) => (body.message === undefined) !== (body.macroId === undefined), { message: 'Send either message or macroId', path: ['message'] }));

export const statusBodySchema = z.strictObject({ status: z.enum(TICKET_STATUSES) });

export const updateTicketBodySchema = z
  .strictObject({
    assigneeId: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
    priority: z.optional(z.enum(PRIORITIES)),
    tags: z.optional(tagsSchema),
  })
  .check(z.refine((body) => Object.keys(body).length > 0, { message: 'Send assigneeId, priority or tags' }));

export const ratingBodySchema = z.strictObject({ score: z.int().check(z.minimum(1), z.maximum(5)), comment: z.optional(trimmedText(1_000)) });

export const slaPolicySchema = z.strictObject({ firstResponseMinutes: minutesSchema, resolutionMinutes: minutesSchema, hours: z.enum(['business', 'always']) });

export const serviceCalendarSchema = z
  .strictObject({
    timeZone: z.string().check(z.maxLength(64), z.refine(isTimeZone, 'An IANA time zone, e.g. Europe/Berlin')),
    opensAt: hhmm,
    closesAt: hhmm,
    weekdays: z.array(z.int().check(z.minimum(1), z.maximum(7))).check(z.minLength(1), z.maxLength(7)),
    holidays: z.array(z.iso.date()).check(z.maxLength(366)),
  })
  .check(z.refine((calendar) => calendar.opensAt < calendar.closesAt, { message: 'must be after opensAt', path: ['closesAt'] }));

export const macroBodySchema = z.strictObject({
  title: trimmedText(120),
  body: z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(MAX_MESSAGE_LENGTH),
    z.refine((text) => unknownPlaceholders(text).length === 0, 'Uses a placeholder that does not exist (see docs/service.md, "Macros")'),
  ),
});

/* ---------- views ---------- */

const slaViewSchema = z.object({
  state: z.enum(['RUNNING', 'PAUSED', 'MET', 'BREACHED']),
  targetMinutes: z.number(),
  dueAt: z.optional(isoDateTime),
  minutesLeft: z.optional(z.number()),
  paused: z.boolean(),
  met: z.boolean(),
  breached: z.boolean(),
  warnedAt: z.optional(isoDateTime),
  breachedAt: z.optional(isoDateTime),
});

export const ticketMessageViewSchema = z.object({
  messageId: ulidSchema,
  authorId: z.string(),
  authorRole: z.enum(['customer', 'agent']),
  body: z.string(),
  internal: z.boolean(),
  at: isoDateTime,
});

export const ticketSummarySchema = z.object({
  ticketId: ulidSchema,
  customerId: z.string(),
  channel: z.enum(CHANNELS),
  category: z.enum(TICKET_CATEGORIES),
  subject: z.string(),
  priority: z.enum(PRIORITIES),
  status: z.enum(TICKET_STATUSES),
  assigneeId: z.optional(z.string()),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});

export const ticketViewSchema = z.extend(ticketSummarySchema, {
  tags: z.array(z.string()),
  orderId: z.optional(ulidSchema),
  returnId: z.optional(ulidSchema),
  /** The order it is about, as it stands now: status and tracking. */
  order: z.optional(
    z.object({
      orderId: ulidSchema,
      status: z.enum(ORDER_STATUSES),
      promisedBy: z.iso.date(),
      shipments: z.array(z.object({ carrierId: z.string(), trackingNumber: z.string(), status: z.optional(z.string()) })),
    }),
  ),
  firstResponseAt: z.optional(isoDateTime),
  resolvedAt: z.optional(isoDateTime),
  closedAt: z.optional(isoDateTime),
  reopenCount: z.int(),
  escalatedAt: z.optional(isoDateTime),
  rating: z.optional(z.object({ score: z.int(), comment: z.optional(z.string()), ratedAt: isoDateTime })),
  sla: z.object({ firstResponse: slaViewSchema, resolution: slaViewSchema }),
  /** The conversation, oldest first; internal notes only for staff. */
  messages: z.array(ticketMessageViewSchema),
});

const metricsSchema = z.object({
  firstResponses: z.int(),
  firstResponseMinutesP50: z.optional(z.number()),
  firstResponseMinutesP90: z.optional(z.number()),
  resolutions: z.int(),
  resolutionMinutesP50: z.optional(z.number()),
  resolutionMinutesP90: z.optional(z.number()),
  slaAttainment: z.optional(z.number()),
  reopenRate: z.optional(z.number()),
  ratings: z.int(),
  csatAverage: z.optional(z.number()),
  csatSatisfied: z.optional(z.number()),
});

export const metricsViewSchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  overall: metricsSchema,
  agents: z.array(z.object({ agentId: z.string(), metrics: metricsSchema })),
});

export const slaSettingsViewSchema = z.object({
  calendar: z.object({ timeZone: z.string(), opensAt: z.string(), closesAt: z.string(), weekdays: z.array(z.int()), holidays: z.array(z.string()) }),
  policies: z.array(z.object({ channel: z.enum(CHANNELS), priority: z.enum(PRIORITIES), firstResponseMinutes: z.number(), resolutionMinutes: z.number(), hours: z.enum(['business', 'always']), isDefault: z.boolean() })),
});

export const macroViewSchema = z.object({ macroId: z.string(), title: z.string(), body: z.string(), updatedAt: isoDateTime });

const idPath = z.strictObject({ id: ulidSchema });
const STAFF = ['agent', 'operator'] as const;
const EVERYONE = ['customer', 'agent', 'operator'] as const;
const ticketErrors = [404, 409];

/* ---------- routes ---------- */

const openTicket = /* @__PURE__ */ defineRoute({
  operationId: 'openTicket',
  method: 'POST',
  path: '/tickets',
  summary: 'Open a ticket (customers; agents log a call or mail for a customer with customerId): OPEN, its SLA clocks running',
  tags: ['service'],
  auth: { type: 'jwt', roles: EVERYONE },
  handlerEntry: 'functions/service/open-ticket.ts',
  body: openTicketBodySchema,
  response: { status: 201, description: 'Opened (Location: /tickets/{id}; a retry with the same Idempotency-Key answers the same ticket)', schema: ticketViewSchema },
  errors: [422],
});

const listTickets = /* @__PURE__ */ defineRoute({
  operationId: 'listTickets',
  method: 'GET',
  path: '/tickets',
  summary: 'Customers: their own tickets, newest first. Agents and operators: tickets by status (OPEN by default), oldest first',
  tags: ['service'],
  auth: { type: 'jwt', roles: EVERYONE },
  handlerEntry: 'functions/service/list-tickets.ts',
  query: z.strictObject({ status: z.optional(z.enum(TICKET_STATUSES)), ...paginationQuery }),
  response: { status: 200, description: 'A page of tickets', schema: paginated(ticketSummarySchema) },
});

const getTicket = /* @__PURE__ */ defineRoute({
  operationId: 'getTicket',
  method: 'GET',
  path: '/tickets/{id}',
  summary: 'A ticket with its conversation, SLA state (due at, time left, paused, met, breached) and its order’s status and tracking',
  tags: ['service'],
  auth: { type: 'jwt', roles: EVERYONE },
  handlerEntry: 'functions/service/get-ticket.ts',
  pathParams: idPath,
  response: { status: 200, description: 'The ticket (internal notes only for staff)', schema: ticketViewSchema },
  errors: [404],
});

const replyToTicket = /* @__PURE__ */ defineRoute({
  operationId: 'replyToTicket',
  method: 'POST',
  path: '/tickets/{id}/replies',
  summary: "Reply (a message or a macro) or, staff only, add an internal note (internal: true). An agent's answer waits on the customer; the customer's reopens a resolved ticket",
  tags: ['service'],
  auth: { type: 'jwt', roles: EVERYONE },
  handlerEntry: 'functions/service/reply-to-ticket.ts',
  pathParams: idPath,
  body: replyBodySchema,
  response: { status: 201, description: 'Added; the ticket as it stands now', schema: ticketViewSchema },
  errors: [...ticketErrors, 422],
});

const changeTicketStatus = /* @__PURE__ */ defineRoute({
  operationId: 'changeTicketStatus',
  method: 'POST',
  path: '/tickets/{id}/status',
  summary: 'Staff: OPEN, WAITING_ON_CUSTOMER, RESOLVED, CLOSED; the customer: RESOLVED or REOPENED. Moves the status machine allows only (409 otherwise)',
  tags: ['service'],
  auth: { type: 'jwt', roles: EVERYONE },
  handlerEntry: 'functions/service/change-ticket-status.ts',
  pathParams: idPath,
  body: statusBodySchema,
  response: { status: 200, description: 'The ticket', schema: ticketViewSchema },
  errors: ticketErrors,
});

const updateTicket = /* @__PURE__ */ defineRoute({
  operationId: 'updateTicket',
  method: 'PATCH',
  path: '/tickets/{id}',
  summary: 'Staff: assign to an agent, re-prioritise (the SLA targets follow, counted time kept) or re-tag',
  tags: ['service'],
  auth: { type: 'jwt', roles: STAFF },
  handlerEntry: 'functions/service/update-ticket.ts',
  pathParams: idPath,
  body: updateTicketBodySchema,
  response: { status: 200, description: 'The ticket', schema: ticketViewSchema },
  errors: ticketErrors,
});

const rateTicket = /* @__PURE__ */ defineRoute({
  operationId: 'rateTicket',
  method: 'POST',
  path: '/tickets/{id}/rating',
  summary: 'The customer rates a resolved ticket (CSAT 1–5 with a comment), once',
  tags: ['service'],
  auth: { type: 'jwt', roles: ['customer'] },
  handlerEntry: 'functions/service/rate-ticket.ts',
  pathParams: idPath,
  body: ratingBodySchema,
  response: { status: 200, description: 'Rated', schema: ticketViewSchema },
  errors: ticketErrors,
});

const openTicketReturn = /* @__PURE__ */ defineRoute({
  operationId: 'openTicketReturn',
  method: 'POST',
  path: '/tickets/{id}/return',
  summary: "An after-sales complaint opens a return of its order's units in one step (the ticket's customer, or staff for them; Idempotency-Key required): the return under the same rules as POST /orders/{id}/returns, linked to the ticket",
  tags: ['service'],
  auth: { type: 'jwt', roles: ['customer', 'agent', 'operator'] },
  handlerEntry: 'functions/service/open-ticket-return.ts',
  pathParams: idPath,
  body: requestReturnBodySchema,
  requireIdempotencyKey: true,
  response: {
    status: 201,
    description: 'The return opened (Location: /returns/{id}) and the ticket that now links it',
    schema: z.object({ returnId: z.string(), returnStatus: z.string(), nextStep: z.string(), ticket: ticketViewSchema }),
  },
  errors: [400, 404, 409, 422],
});

const getServiceMetrics = /* @__PURE__ */ defineRoute({
  operationId: 'getServiceMetrics',
  method: 'GET',
  path: '/tickets/metrics',
  summary: 'First-response p50/p90, SLA attainment, resolution time, reopen rate and CSAT, overall and per agent, for UTC days from–to (at most 31)',
  tags: ['service'],
  auth: { type: 'jwt', roles: STAFF },
  handlerEntry: 'functions/service/get-service-metrics.ts',
  query: z.strictObject({ from: z.iso.date(), to: z.iso.date() }),
  response: { status: 200, description: 'The metrics', schema: metricsViewSchema },
});

const getSlaSettings = /* @__PURE__ */ defineRoute({
  operationId: 'getSlaSettings',
  method: 'GET',
  path: '/tickets/sla-policies',
  summary: 'The service calendar and the SLA policy of every channel and priority (stored, or the default)',
  tags: ['service'],
  auth: { type: 'jwt', roles: STAFF },
  handlerEntry: 'functions/service/get-sla-settings.ts',
  response: { status: 200, description: 'Calendar and policies', schema: slaSettingsViewSchema },
});

const putSlaPolicy = /* @__PURE__ */ defineRoute({
  operationId: 'putSlaPolicy',
  method: 'PUT',
  path: '/tickets/sla-policies/{channel}/{priority}',
  summary: 'Operators: the SLA policy of a channel and priority (new tickets take it; open ones keep theirs)',
  tags: ['service'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/service/put-sla-policy.ts',
  pathParams: z.strictObject({ channel: z.enum(CHANNELS), priority: z.enum(PRIORITIES) }),
  body: slaPolicySchema,
  response: { status: 200, description: 'Calendar and policies', schema: slaSettingsViewSchema },
});

const putServiceCalendar = /* @__PURE__ */ defineRoute({
  operationId: 'putServiceCalendar',
  method: 'PUT',
  path: '/tickets/calendar',
  summary: 'Operators: business hours (an IANA zone, opening and closing time, weekdays) and holidays the SLA clocks count by',
  tags: ['service'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/service/put-service-calendar.ts',
  body: serviceCalendarSchema,
  response: { status: 200, description: 'Calendar and policies', schema: slaSettingsViewSchema },
});

const listMacros = /* @__PURE__ */ defineRoute({
  operationId: 'listMacros',
  method: 'GET',
  path: '/tickets/macros',
  summary: 'Canned replies, by id',
  tags: ['service'],
  auth: { type: 'jwt', roles: STAFF },
  handlerEntry: 'functions/service/list-macros.ts',
  response: { status: 200, description: 'Every macro', schema: z.object({ items: z.array(macroViewSchema) }) },
});

const putMacro = /* @__PURE__ */ defineRoute({
  operationId: 'putMacro',
  method: 'PUT',
  path: '/tickets/macros/{id}',
  summary: 'Operators: a canned reply with {{placeholders}} from the ticket and its order',
  tags: ['service'],
  auth: { type: 'jwt', roles: ['operator'] },
  handlerEntry: 'functions/service/put-macro.ts',
  pathParams: z.strictObject({ id: macroIdSchema }),
  body: macroBodySchema,
  response: { status: 200, description: 'The macro', schema: macroViewSchema },
});

export const serviceRoutes = {
  openTicket,
  openTicketReturn,
  listTickets,
  getTicket,
  replyToTicket,
  changeTicketStatus,
  updateTicket,
  rateTicket,
  getServiceMetrics,
  getSlaSettings,
  putSlaPolicy,
  putServiceCalendar,
  listMacros,
  putMacro,
};

export type TicketView = z.input<typeof ticketViewSchema>;
export type TicketSummary = z.input<typeof ticketSummarySchema>;
export type SlaSettingsView = z.input<typeof slaSettingsViewSchema>;
