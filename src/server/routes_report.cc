// GET /v1/report: the compliance report (include/auditgraph/report.h) of a period, as the HTML
// page `auditgraph report compliance` writes, or its JSON: the summary and the rows that need
// action, or with full=true every table (src/report/report_json.h). The web page links to it.
#include <httplib.h>

#include <memory>
#include <mutex>
#include <optional>

#include "auditgraph/report.h"
#include "src/report/report_checkpoint.h"
#include "src/report/report_files.h"
#include "src/report/report_json.h"
#include "src/server/http_server.h"
#include "src/server/http_util.h"
#include "src/server/release_memory.h"

namespace auditgraph {

namespace {

// The report from the engine's own index: the pass over the log runs first, without the index
// lock; the lock is held only for the records appended meanwhile and the index's answers
// (ReportBuilder::ask), and queries wait for those (at a million datasets, minutes: bench/results/2026-12-01-issue22-
// report-index.md; they can run beside it once queries share the index, issue 23). A report of
// an earlier size than the index has reached (asked, or pinned to a checkpoint while appends
// went on) cannot read that index: it replays its own, outside the lock.
Result<ComplianceReport> make_report(Engine& engine, const ReportQuery& q) {
  if (q.log_size && *q.log_size < engine.log().head().size) {
    return compliance_report(engine.log(), q);  // the index catches up past that size
  }
  auto builder = ReportBuilder::Start(engine.log(), q);
  if (!builder.ok()) return builder.status();
  if (Status s = (*builder)->read(q.log_size.value_or(engine.log().head().size)); !s.ok()) {
    return s;
  }
  std::optional<Status> asked = engine.with_index([&](const Index& index) -> std::optional<Status> {
    if (q.log_size && *q.log_size != index.head().size) return std::nullopt;
    return (*builder)->ask(index);
  });
  if (!asked) return compliance_report(engine.log(), q);
  if (!asked->ok()) return *asked;
  return (*builder)->finish();
}
// GET /v1/report itself.
void serve_report(Engine& engine, std::mutex& graphviz, bool web_page, const httplib::Request& req,
                  httplib::Response& res) {
  constexpr int64_t kDay = 86'400'000'000'000;
  AG_TRY_PARAM(from, http::time_param(req, "from"));
  AG_TRY_PARAM(to, http::time_param(req, "to"));
  AG_TRY_PARAM(log_size, http::uint_param(req, "log_size"));
  AG_TRY_PARAM(since_size, http::uint_param(req, "since_size"));
  const std::string format = http::param_or(req, "format", "html");
  if (format != "html" && format != "json") {
    return http::reply_error(res, 400, "format: '" + format + "' is not html or json");
  }
  AG_TRY_PARAM(full, http::bool_param(req, "full", false));
  ReportQuery q;
  q.list_group_access = full;
  q.to = to.value_or(engine.clock().now());
  q.from = from.value_or(Timestamp{q.to.unix_nanos - 30 * kDay});
  q.domain = http::param_or(req, "domain", "");
  q.log_size = log_size;
  q.since_size = since_size;
  if (Status s = pin_to_checkpoint(engine.publisher(), engine.log(), &q); !s.ok()) {
    return http::reply_status(res, s);
  }
  auto report = make_report(engine, q);
  if (!report.ok()) return http::reply_status(res, report.status());
  const nlohmann::ordered_json doc = report_to_json(*report, full);
  if (format == "json") return http::reply_json(res, 200, doc);
  Result<std::string> svg = [&] {
    std::lock_guard lock(graphviz);
    return lineage_svg(*report);
  }();
  // With the web page served here, ids link to their lineage on it (absolute: the page may open
  // the report from a blob: URL).
  const std::string web = web_page ? "http://" + req.get_header_value("Host") + "/" : std::string();
  res.set_content(report_html(doc, svg, web), "text/html; charset=utf-8");
}

}  // namespace

void add_report_routes(HttpServer& server, bool web_page) {
  Engine& engine = server.engine();
  // Graphviz, which draws the report's picture, is not thread-safe.
  auto graphviz = std::make_shared<std::mutex>();
  server.route("GET", "/v1/report", Access::kQuery,
               [&engine, graphviz, web_page](const httplib::Request& req, httplib::Response& res,
                                             RequestContext&) {
                 serve_report(engine, *graphviz, web_page, req, res);
                 // The report's facts are freed by now (a GB at 100,000 datasets); without this
                 // the process would keep them resident (glibc keeps freed heap pages).
                 release_free_memory();
               });
}

}  // namespace auditgraph
