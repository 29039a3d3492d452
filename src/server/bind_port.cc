#include "src/server/bind_port.h"

#include <httplib.h>

namespace auditgraph {

Result<int> bind_port(httplib::Server& http, const std::string& host, int port) {
  if (port == 0) {
    const int bound = http.bind_to_any_port(host);
    if (bound < 0) return Status::IOError("--listen: cannot bind " + host);
    return bound;
  }
  if (!http.bind_to_port(host, port)) {
    return Status::IOError("--listen: cannot bind " + host + ":" + std::to_string(port));
  }
  return port;
}

std::string exception_text(std::exception_ptr ep) {
  try {
    std::rethrow_exception(ep);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {  // not a std::exception: nothing more to say of it
  }
  return "unknown exception";
}

}  // namespace auditgraph
