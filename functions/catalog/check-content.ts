import { revisionTaskInput } from '../../shared/contracts/catalog';
import { taskHandler } from '../../shared/tasks/task-handler';
import * as catalogRepository from '../../shared/adapters/catalog-repository';
import * as suppliersRepository from '../../shared/adapters/suppliers-repository';
import { clock } from '../../shared/adapters/clock';
import { checkListingContent } from '../../shared/domain/catalog/content-checks';
import { chooseListingPath, isPreferredSupplier } from '../../shared/domain/catalog/listing';
import { recordQuality } from '../../shared/domain/catalog/review';
import { listingSettingsFrom } from '../../shared/domain/catalog/settings';
import { decisionTiming } from '../../shared/domain/decision-timing';
import { applyStep, loadRevision } from './listing-steps';

const settings = listingSettingsFrom(process.env);
const timing = decisionTiming(settings.reviewWindowHours, settings.reviewReminderHours);

/**
 * Workflow task: runs the content checks on the revision, keeps the findings, and tells the workflow
 * which path it takes (REQUEST_CHANGES, PUBLISH for a preferred supplier's excellent listing, else
 * AWAIT_REVIEW) and how long a review may take.
 */
export const handler = taskHandler(revisionTaskInput, async function checkContent({ productId, revision }) {
  const product = await loadRevision(productId, revision);
  const [category, supplier, slugOwner] = await Promise.all([
    catalogRepository.requireCategory(product.categoryId),
    suppliersRepository.getSupplier(product.supplierId),
    catalogRepository.slugOwner(product.latest.content.seo.slug),
  ]);
  const now = clock.now();
  const quality = checkListingContent({
    content: product.latest.content,
    skus: product.latest.skus,
    category,
    slugTakenBy: slugOwner && slugOwner !== productId ? slugOwner : undefined,
    bannedWords: settings.bannedWords,
    threshold: settings.qualityThreshold,
    now,
  });
  await applyStep(productId, (current) => ({ next: recordQuality(current, revision, quality, now) }));
  const path = chooseListingPath(quality, supplier !== undefined && isPreferredSupplier(supplier), settings.autoApproveThreshold);
  return { path, score: quality.score, findings: quality.findings.length, timing };
});
