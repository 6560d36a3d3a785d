import { buildOpenApiDocument } from '../../shared/contracts/openapi';
import { platformRoutes } from '../../shared/contracts/platform';
import { allRoutes } from '../../shared/contracts/routes';
import { httpHandler } from '../../shared/http/handler';

/** Built once per instance: the routes cannot change while it runs. */
const document = buildOpenApiDocument(allRoutes);

export const handler = httpHandler(platformRoutes.openApi, async () => document);
