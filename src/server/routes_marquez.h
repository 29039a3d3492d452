// The Marquez route groups' handlers that the namespace dispatcher (routes_marquez.cc) calls:
// Marquez paths hold percent-encoded namespaces ("s3:%2F%2Flake"), so they are told apart by
// their raw segments, not by a regex over the decoded path. `seg` is marquez::segments(req):
// "api", "v1", "namespaces", ns, ...
#pragma once

#include <string>
#include <vector>

#include "src/server/http_server.h"

namespace auditgraph::marquez {

// GET .../datasets/{d}/versions[/{v}] and .../jobs/{j}/versions[/{v}]
// (routes_marquez_versions.cc).
void dataset_versions(Engine& engine, const httplib::Request& req, httplib::Response& res,
                      RequestContext& ctx, const std::vector<std::string>& seg);
void job_versions(Engine& engine, const httplib::Request& req, httplib::Response& res,
                  const std::vector<std::string>& seg);

// PUT/POST/DELETE .../datasets/{d}/tags/{t}, .../datasets/{d}/fields/{f}/tags/{t},
// .../jobs/{j}/tags/{t} (routes_marquez_tags.cc).
void namespace_tag(Engine& engine, const httplib::Request& req, httplib::Response& res,
                   RequestContext& ctx, const std::vector<std::string>& seg, bool removed);

}  // namespace auditgraph::marquez
