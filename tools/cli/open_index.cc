#include "tools/cli/open_index.h"

namespace auditgraph::cli {

Result<OpenIndex> open_index(const std::string& store, std::shared_ptr<spdlog::logger> logger) {
  LogOptions options;
  options.create_if_missing = false;
  options.logger = std::move(logger);
  auto log = EventLog::Open(options, store);
  if (!log.ok()) return log.status();
  OpenIndex out;
  out.log = std::move(*log);
  auto index = Index::Build(*out.log);
  if (!index.ok()) return index.status();
  out.index = std::move(*index);
  return out;
}

}  // namespace auditgraph::cli
