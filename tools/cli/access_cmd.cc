#include "tools/cli/access_cmd.h"

#include <iostream>

#include "auditgraph/clock.h"
#include "auditgraph/ingest.h"
#include "src/event_json.h"
#include "src/index_json.h"
#include "src/open_index.h"

namespace auditgraph::cli {
namespace {

using json = nlohmann::ordered_json;

Result<Timestamp> time_option(const std::string& name, const std::string& text) {
  auto t = parse_rfc3339(text);
  if (!t) return Status::InvalidArgument(name + ": '" + text + "' is not an RFC 3339 time");
  return *t;
}

void print(const json& j) {
  std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

void print_text(const AccessAnswer& a, const std::string& dataset) {
  std::cout << "who can read " << dataset << " at " << format_rfc3339(a.as_of) << " (log size "
            << a.at.size << ")\n";
  if (a.paths.empty()) std::cout << "  nobody holds a grant\n";
  for (const auto& p : a.paths) {
    std::cout << "  " << p.principal.name << "  " << p.privilege << "  grant " << p.grant_id;
    if (p.scope == AccessPath::Scope::kDomain) std::cout << " on domain " << p.domain;
    if (p.scope == AccessPath::Scope::kColumns) {
      std::cout << " on columns";
      for (const auto& c : p.columns) std::cout << " " << c;
    }
    if (!p.chain.empty()) {
      std::cout << "  via group";
      for (const auto& g : p.chain) std::cout << " " << g;
    }
    if (p.expires_at) std::cout << "  expires " << format_rfc3339(*p.expires_at);
    std::cout << "  seqs";
    for (uint64_t s : p.seqs) std::cout << " " << s;
    std::cout << "\n";
  }
}

void print_text(const AccessHistory& h, const std::string& dataset) {
  std::cout << "access to " << dataset << ": " << h.seqs.size() << " records (log size "
            << h.at.size << ")\n";
  for (const auto& p : h.principals) {
    std::cout << "  " << p.principal.name << "  " << p.reads << " reads  " << p.writes
              << " writes  last " << format_rfc3339(p.last) << "\n";
  }
}

}  // namespace

int run_access(const AccessCommand& cmd, std::shared_ptr<spdlog::logger> logger) {
  AccessQuery access{cmd.dataset, SystemClock().now()};
  AccessHistoryQuery history{cmd.dataset, {}, {}};
  for (auto [name, text, slot] :
       {std::tuple{"--as-of", &cmd.as_of, &access.as_of},
        std::tuple{"--from", &cmd.from, &history.from}, std::tuple{"--to", &cmd.to, &history.to}}) {
    if (text->empty()) continue;
    auto t = time_option(name, *text);
    if (!t.ok()) {
      std::cerr << "auditgraph: " << t.status().to_string() << "\n";
      return 2;
    }
    *slot = *t;
  }
  auto opened = open_index(cmd.store, std::move(logger));
  if (!opened.ok()) {
    std::cerr << "auditgraph: " << opened.status().to_string() << "\n";
    return 1;
  }
  if (cmd.history) {
    auto h = opened->index->access_history(history);
    if (!h.ok()) {
      std::cerr << "auditgraph: " << h.status().to_string() << "\n";
      return 1;
    }
    cmd.json_out ? print(access_history_to_json(*h)) : print_text(*h, cmd.dataset);
    return 0;
  }
  auto a = opened->index->access(access);
  if (!a.ok()) {
    std::cerr << "auditgraph: " << a.status().to_string() << "\n";
    return 1;
  }
  cmd.json_out ? print(access_to_json(*a)) : print_text(*a, cmd.dataset);
  return 0;
}

}  // namespace auditgraph::cli
