"use strict";
// The pagers of the `clients` resource: `listAll` and `authorizedApplicationsAll`, async
// iterators over every item of a listing. Each page is fetched through the operation's own
// method (`getList`, `getAuthorizedApplications`) when the iteration reaches it; where the
// next page starts, and whether there is one, is the core's rule (`nextPageStart`), as in every
// other language.

const native = require("./native.js");
const { invalid } = require("./core.js");

const MAX_PAGE_SIZE = 2 ** 31 - 1;

/** The items of every page of `method`, fetched one page at a time. */
async function* pages(method, request, options) {
  if (request === null || typeof request !== "object") throw invalid("request", "must be an object", request);
  const { pageSize = 100, ...rest } = request;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw invalid("pageSize", "must be between 1 and 2^31-1", pageSize);
  }
  let start = 0;
  while (start !== null) {
    const page = await method({ ...rest, start, end: Math.min(start + pageSize, MAX_PAGE_SIZE) }, options);
    const items = page.clients ?? [];
    yield* items;
    const total = page.totalCount ?? null;
    start = native.nextPageStart(start, items.length, pageSize, typeof total === "number" ? total : null);
  }
}

/** The pagers the `clients` resource adds to the official TypeScript SDK's operations. */
class ClientPages {
  constructor(client) {
    this._client = client;
  }

  /** Every client of a service (`getList` page by page, `pageSize` clients per page, 100 by default). */
  listAll(request, options) {
    return pages((r, o) => this.getList(r, o), request, options);
  }

  /** Every application a subject authorized (`getAuthorizedApplications` page by page). */
  authorizedApplicationsAll(request, options) {
    return pages((r, o) => this.getAuthorizedApplications(r, o), request, options);
  }
}

module.exports = { ClientPages };
