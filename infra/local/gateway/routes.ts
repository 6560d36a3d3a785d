/** HTTP API route selection: exact paths beat `{param}` paths, which beat `{proxy+}`; a method beats ANY. */
import type { LocalRoute } from '../model';

export interface RouteMatch {
  readonly route: LocalRoute;
  readonly pathParameters?: Record<string, string>;
}

interface CompiledRoute {
  readonly route: LocalRoute;
  readonly method: string;
  readonly segments: readonly string[];
  readonly greedy: boolean;
}

export class RouteTable {
  private readonly compiled: CompiledRoute[];
  private readonly fallback?: LocalRoute;

  constructor(routes: readonly LocalRoute[]) {
    this.fallback = routes.find((route) => route.routeKey === '$default');
    this.compiled = routes
      .filter((route) => route.routeKey !== '$default')
      .map((route) => {
        const [method = 'ANY', path = '/'] = route.routeKey.split(' ');
        const segments = splitPath(path);
        return { route, method, segments, greedy: segments.at(-1)?.endsWith('+}') === true };
      });
  }

  match(method: string, rawPath: string): RouteMatch | undefined {
    const pathSegments = splitPath(rawPath);
    let best: { match: RouteMatch; score: number[] } | undefined;
    for (const candidate of this.compiled) {
      if (candidate.method !== method && candidate.method !== 'ANY') continue;
      const parameters = matchSegments(candidate, pathSegments);
      if (!parameters) continue;
      const score = [
        candidate.greedy ? 0 : 1,
        ...candidate.segments.map((segment) => (segment.startsWith('{') ? 0 : 1)),
        candidate.method === 'ANY' ? 0 : 1,
      ];
      if (!best || compareScores(score, best.score) > 0) {
        best = { match: { route: candidate.route, pathParameters: Object.keys(parameters).length ? parameters : undefined }, score };
      }
    }
    return best?.match ?? (this.fallback ? { route: this.fallback } : undefined);
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function matchSegments(candidate: CompiledRoute, path: readonly string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  const { segments, greedy } = candidate;
  if (greedy ? path.length < segments.length : path.length !== segments.length) return undefined;
  for (const [index, segment] of segments.entries()) {
    const value = path[index]!;
    if (greedy && index === segments.length - 1) {
      parameters[segment.slice(1, -2)] = decode(path.slice(index).join('/'));
      break;
    }
    if (segment.startsWith('{') && segment.endsWith('}')) parameters[segment.slice(1, -1)] = decode(value);
    else if (segment !== value) return undefined;
  }
  return parameters;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
