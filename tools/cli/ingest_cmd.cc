#include "tools/cli/ingest_cmd.h"

#include <unistd.h>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "src/event_json.h"
#include "src/ingest/bulk_ingest.h"

namespace auditgraph::cli {
namespace {

using json = nlohmann::ordered_json;

std::string thousands(uint64_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<size_t>(i), ",");
  return s;
}

json summary_json(const IngestSummary& s, double seconds, const LogHead* head, bool dry_run) {
  json j{{"dry_run", dry_run},
         {"events", s.events},
         {"accepted", s.accepted()},
         {"written", s.written},
         {"already_present", s.duplicates},
         {"refused", s.refused},
         {"seconds", seconds},
         {"events_per_second", seconds > 0 ? static_cast<double>(s.events) / seconds : 0.0}};
  json reasons = json::object();
  for (const auto& [reason, n] : s.refused_by_reason) reasons[reason] = n;
  j["refused_by_reason"] = std::move(reasons);
  json errors = json::array();
  for (const auto& e : s.errors) {
    json one{{"source", e.source}};
    one["line"] = e.line ? json(e.line) : json(nullptr);
    one["event"] = e.error.event ? json(*e.error.event) : json(nullptr);
    one["path"] = e.error.path;
    one["reason"] = e.error.reason;
    one["message"] = e.message();
    errors.push_back(std::move(one));
  }
  j["errors"] = std::move(errors);
  if (head) j["log"] = head_to_json(*head);
  return j;
}

void draw_progress(const IngestSummary& s, double seconds) {
  std::string line = "\r  " + thousands(s.events) + " events  " +
                     thousands(static_cast<uint64_t>(seconds > 0 ? s.events / seconds : 0)) +
                     " events/s";
  if (s.bytes_total > 0) {
    line +=
        "  " + std::to_string(std::min<uint64_t>(100, s.bytes_done * 100 / s.bytes_total)) + "%";
  }
  if (s.refused) line += "  " + thousands(s.refused) + " refused";
  std::fputs((line + "   ").c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace

int run_ingest(const IngestCommand& cmd, std::shared_ptr<spdlog::logger> logger) {
  std::unique_ptr<EventLog> log;
  if (!cmd.dry_run) {
    if (Status s = make_store_dir(cmd.store); !s.ok()) return fail(s);
    LogOptions options;
    options.logger = logger;
    options.sync = cmd.sync;
    auto opened = EventLog::Open(options, cmd.store);
    if (!opened.ok()) return fail(opened.status());
    log = std::move(*opened);
  }
  std::vector<std::string> files = cmd.files.empty() ? std::vector<std::string>{"-"} : cmd.files;

  BulkIngestOptions options;
  options.format = cmd.format;
  options.chunk_events = cmd.chunk_events;
  BulkIngest bulk(log.get(), options);
  bulk.expect_files(files);
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const bool draw = cmd.progress && ::isatty(STDERR_FILENO);
  if (draw) bulk.set_progress([&](const IngestSummary& s) { draw_progress(s, elapsed()); });

  Status status;
  for (const auto& f : files) {
    status = bulk.add_file(f);
    if (!status.ok()) break;
  }
  Status finished = bulk.finish();
  if (status.ok()) status = finished;
  const double seconds = elapsed();
  const IngestSummary& s = bulk.summary();
  if (draw) {
    draw_progress(s, seconds);
    std::fputs("\n", stderr);
  }

  std::optional<LogHead> head;
  if (log) head = log->head();
  if (cmd.json_out) {
    json j = summary_json(s, seconds, head ? &*head : nullptr, cmd.dry_run);
    j["error"] = status.ok() ? json(nullptr) : json(status.to_string());
    print_json(j);
  } else {
    for (const auto& e : s.errors) std::cerr << "refused: " << e.message() << "\n";
    if (s.refused > s.errors.size())
      std::cerr << "refused: ... and " << thousands(s.refused - s.errors.size()) << " more\n";
    std::cout << (cmd.dry_run ? "validated " : "ingested ") << thousands(s.events) << " events in "
              << seconds << " s ("
              << thousands(static_cast<uint64_t>(seconds > 0 ? s.events / seconds : 0))
              << " events/s): ";
    if (cmd.dry_run)
      std::cout << thousands(s.validated) << " valid";
    else
      std::cout << thousands(s.written) << " written, " << thousands(s.duplicates)
                << " already present";
    std::cout << ", " << thousands(s.refused) << " refused\n";
    for (const auto& [reason, n] : s.refused_by_reason)
      std::cout << "  " << thousands(n) << " x " << reason << "\n";
    if (head) std::cout << "log size " << head->size << " root " << head->root.hex() << "\n";
  }
  if (!status.ok()) return fail(status);
  return s.refused > 0 ? 1 : 0;
}

void add_ingest_command(CLI::App& app, Context& ctx) {
  struct Options {
    IngestCommand cmd;
    std::string format = "auto";
  };
  auto o = std::make_shared<Options>();
  auto* c = app.add_subcommand("ingest",
                               "append events from files or stdin (JSON object, array or NDJSON)");
  c->add_option("files", o->cmd.files, "files to read; - or none: stdin");
  c->add_option("--format", o->format, "openlineage, native or auto (per event)")
      ->check(CLI::IsMember({"auto", "openlineage", "native"}))
      ->capture_default_str();
  c->add_flag("--dry-run", o->cmd.dry_run, "validate only; write nothing");
  c->add_flag("--json", o->cmd.json_out, "machine-readable summary on stdout");
  c->add_option("--chunk", o->cmd.chunk_events, "events per append")
      ->check(CLI::Range(1, 1'000'000))
      ->capture_default_str();
  c->add_flag(
      "--no-sync", [o](int64_t) { o->cmd.sync = false; },
      "do not fsync (NOT durable: for measurements only)");
  c->add_flag(
      "--no-progress", [o](int64_t) { o->cmd.progress = false; },
      "no progress bar even on a terminal");
  c->callback([&ctx, o] {
    ctx.run = [&ctx, o] {
      o->cmd.store = ctx.store;
      o->cmd.format = o->format == "openlineage" ? IngestFormat::kOpenLineage
                      : o->format == "native"    ? IngestFormat::kNative
                                                 : IngestFormat::kAuto;
      return run_ingest(o->cmd, ctx.logger);
    };
  });
}

}  // namespace auditgraph::cli
