// The web page (web/): its built files, served from memory at / to anyone. They hold no data;
// the page asks the API for everything, with the caller's token.
#include <httplib.h>

#include "src/server/http_server.h"
#include "src/server/http_util.h"

namespace auditgraph {

void add_web_routes(HttpServer& server, const StaticFiles& files) {
  // Registered last: any GET path outside the API's prefixes is a file of the page.
  server.route("GET", R"(/(?!v1/|api/|metrics$|healthz$)(.*))", "GET /(web page)", Access::kPublic,
               [&files](const httplib::Request& req, httplib::Response& res, RequestContext&) {
                 const std::string path = req.matches[1];
                 const StaticFiles::File* f = files.find(path);
                 if (!f) return http::reply_error(res, 404, "path: no file " + req.path);
                 // index.html names the hashed asset files, so it must be asked for again each
                 // time; the assets themselves never change under one name.
                 res.set_header("Cache-Control", path.empty() || path == "index.html"
                                                     ? "no-cache"
                                                     : "public, max-age=31536000, immutable");
                 res.set_header("X-Content-Type-Options", "nosniff");
                 res.set_content(f->content, f->content_type);
               });
}

void add_no_web_route(HttpServer& server) {
  server.route("GET", "/", "GET /(web page)", Access::kPublic,
               [](const httplib::Request&, httplib::Response& res, RequestContext&) {
                 http::reply_error(res, 404,
                                   "no web page: this auditgraph was built without one (node or "
                                   "web/node_modules missing at build time); serve --web DIR "
                                   "serves one built by tools/dev web");
               });
}

}  // namespace auditgraph
