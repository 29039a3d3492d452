// release_free_memory: gives the heap's free pages back to the operating system (glibc's
// malloc_trim), for a server after a request that allocated much and has freed it all (the
// compliance report: a GB at 100,000 datasets). glibc otherwise keeps them, so the process's
// resident memory would stay at the request's peak. Thread-safe; costs milliseconds on a
// large heap, so call it after such requests, not after every one. Does nothing where the
// allocator is not glibc's (a sanitizer's).
#pragma once

namespace auditgraph {

void release_free_memory();

}  // namespace auditgraph
