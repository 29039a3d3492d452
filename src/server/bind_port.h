// What HttpServer and the witness's server share of cpp-httplib: binding to --listen's address,
// and naming the exception a handler threw.
#pragma once

#include <exception>
#include <string>

#include "auditgraph/status.h"

namespace httplib {
class Server;
}

namespace auditgraph {

// Binds `http` to `host`:`port` (0: any free port) and returns the port bound. IOError naming
// --listen and the address when it cannot be bound.
Result<int> bind_port(httplib::Server& http, const std::string& host, int port);

// The message of the exception `ep` holds ("unknown exception" when it is no std::exception),
// for a server's exception handler to log before it answers 500.
std::string exception_text(std::exception_ptr ep);

}  // namespace auditgraph
