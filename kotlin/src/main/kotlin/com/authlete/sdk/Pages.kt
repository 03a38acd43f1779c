package com.authlete.sdk

import com.authlete.sdk.ffi.nextPageStart
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.future.future
import java.util.concurrent.CompletableFuture

/** The `...Async` twins' coroutines: one scope for the process, so one failed call cancels no other. */
internal object Futures {
    // Default, not Unconfined: a future must not complete (and run the caller's callbacks) on
    // a thread of the core's runtime.
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    fun <T> start(block: suspend () -> T): CompletableFuture<T> = scope.future { block() }
}

/**
 * The paginated listings ([Clients.listAll], [Clients.authorizedApplicationsAll] and their
 * blocking twins), page by page with the typed listing operation, following the core's rule
 * (`pagination::next_cursor`): a page shorter than the page size, or `totalCount` reached, ends it.
 */
internal object Pages {
    class Page<T>(val items: List<T>, val total: Int?)

    private fun check(pageSize: Int) {
        if (pageSize < 1) throw SDKValidationError(ErrorDetails.invalid("pageSize", "must be between 1 and 2^31-1"))
    }

    /** Where the next page starts, or null when the listing is exhausted: the core decides. */
    fun next(start: Int, len: Int, pageSize: Int, total: Int?): Int? = nextPageStart(start, len.toUInt(), pageSize, total)

    private fun end(start: Int, pageSize: Int): Int = (start.toLong() + pageSize).coerceAtMost(Int.MAX_VALUE.toLong()).toInt()

    fun <T> flow(pageSize: Int, fetch: suspend (Int, Int) -> Page<T>): Flow<T> {
        check(pageSize)
        return flow {
            var start: Int? = 0
            while (start != null) {
                val page = fetch(start, end(start, pageSize))
                for (item in page.items) emit(item)
                start = next(start, page.items.size, pageSize, page.total)
            }
        }
    }

    fun <T> iterable(pageSize: Int, fetch: (Int, Int) -> Page<T>): Iterable<T> {
        check(pageSize)
        return Iterable {
            iterator {
                var start: Int? = 0
                while (start != null) {
                    val page = fetch(start, end(start, pageSize))
                    yieldAll(page.items)
                    start = next(start, page.items.size, pageSize, page.total)
                }
            }
        }
    }
}
