/**
 * The schema runtime of every contract: zod 4's `zod/mini` (the same core as classic zod, with functional
 * checks instead of methods: `z.string().check(z.trim(), z.maxLength(200))`, `z.optional(s)`), about a
 * third of classic zod's bytes in each bundle. It ships no messages of its own, so the English locale is
 * installed here, once, before any schema parses: the field errors (`errors[].message` of a 400) are the
 * ones classic zod gives. Contracts and functions import zod through this module (`import * as z from './z'`),
 * never `zod` (classic) itself; shared/tasks, which may not import contracts, takes only `safeParse` and types
 * from `zod/mini` (its schemas come from here, so the locale is installed).
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
