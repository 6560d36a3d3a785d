import { buildOpenApiDocument } from '../../shared/contracts/openapi';
import { platformRoutes } from '../../shared/contracts/platform';
import { allRoutes } from '../../shared/contracts/routes';
import { readHandler } from '../../shared/http/read-handler';

/** Built once per instance: the routes cannot change while it runs. */
const document = buildOpenApiDocument(allRoutes);

export const handler = readHandler(platformRoutes.openApi, async () => document);
