#include "tools/cli/command.h"

#include <filesystem>
#include <iostream>

#include "src/checkpoint/key_file.h"

namespace auditgraph::cli {

std::string json_text(const nlohmann::ordered_json& j) {
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

void print_json(const nlohmann::ordered_json& j) { std::cout << json_text(j); }

void warn(const std::string& message) { std::cerr << "auditgraph: " << message << "\n"; }

int fail(const std::string& message, int code) {
  warn(message);
  return code;
}

int fail(const Status& s, int code) { return fail(s.to_string(), code); }

Result<std::unique_ptr<EventLog>> open_store(const Context& ctx, bool create) {
  LogOptions options;
  options.create_if_missing = create;
  options.logger = ctx.logger;
  return EventLog::Open(options, ctx.store);
}

Result<std::unique_ptr<CheckpointPublisher>> signing_publisher(EventLog& log,
                                                               const std::string& key_path) {
  if (key_path.empty()) return std::unique_ptr<CheckpointPublisher>();
  auto key = read_signer_key(key_path, "--signing-key");
  if (!key.ok()) return Status::InvalidArgument(key.status().message());
  return CheckpointPublisher::Create(log, *std::move(key), PublisherOptions{});
}

Status make_store_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("--store: cannot create " + dir + ": " + ec.message());
  return Status::Ok();
}

}  // namespace auditgraph::cli
