#include "tools/cli/pii_cmd.h"

#include <iostream>

#include "auditgraph/clock.h"
#include "src/index_json.h"
#include "src/open_index.h"

namespace auditgraph::cli {
namespace {

void print_text(const PiiReach& r, const std::string& tag) {
  std::cout << tag << " reach (log size " << r.at.size << "): " << r.sources.size()
            << " tagged columns\n";
  for (const auto& s : r.sources) std::cout << "  source  " << s << "\n";
  for (const auto& x : r.reached) {
    std::cout << "  reaches " << x.column << "  from " << x.source << "  via";
    for (const auto& j : x.jobs) std::cout << " " << j;
    std::cout << "\n";
  }
  for (const auto& m : r.masked) std::cout << "  masked  " << m.column << "  by " << m.job << "\n";
  for (const auto& p : r.readers) {
    std::cout << "  reader  " << p.principal.name << "  can read " << p.datasets.size()
              << " tainted datasets";
    if (!p.without_source_grant.empty()) {
      std::cout << "  FLAGGED: no grant on the source of";
      for (const auto& d : p.without_source_grant) std::cout << " " << d;
    }
    std::cout << "\n";
  }
}

}  // namespace

int run_pii_reach(const PiiCommand& cmd, std::shared_ptr<spdlog::logger> logger) {
  auto opened = open_index(cmd.store, std::move(logger));
  if (!opened.ok()) {
    std::cerr << "auditgraph: " << opened.status().to_string() << "\n";
    return 1;
  }
  auto r = opened->index->pii_reach({cmd.node, cmd.tag, SystemClock().now()});
  if (!r.ok()) {
    std::cerr << "auditgraph: " << r.status().to_string() << "\n";
    return 1;
  }
  if (cmd.json_out) {
    std::cout << pii_to_json(*r).dump(2, ' ', false,
                                      nlohmann::ordered_json::error_handler_t::replace)
              << "\n";
  } else {
    print_text(*r, cmd.tag);
  }
  return 0;
}

}  // namespace auditgraph::cli
