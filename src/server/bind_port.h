// Binding a cpp-httplib server to --listen's address: the one way HttpServer and the witness's
// server do it.
#pragma once

#include <string>

#include "auditgraph/status.h"

namespace httplib {
class Server;
}

namespace auditgraph {

// Binds `http` to `host`:`port` (0: any free port) and returns the port bound. IOError naming
// --listen and the address when it cannot be bound.
Result<int> bind_port(httplib::Server& http, const std::string& host, int port);

}  // namespace auditgraph
