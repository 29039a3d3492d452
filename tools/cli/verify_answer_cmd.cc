#include "tools/cli/verify_answer_cmd.h"

#include <iostream>

#include "src/proof/verify_bundle.h"
#include "tools/cli/note_key_options.h"

namespace auditgraph::cli {
namespace {

struct VerifyAnswerCommand {
  std::string bundle;  // a file, or - for stdin
  TrustOptions trust;
  bool json_out = false;
};

int verify_answer(const VerifyAnswerCommand& cmd) {
  auto trust = read_trust(cmd.trust);
  if (!trust.ok()) return fail(trust.status(), 2);
  auto text = read_input(cmd.bundle, "BUNDLE");
  if (!text.ok()) return fail(text.status(), 2);
  auto report = verify_answer_bundle(*text, *trust);
  if (!report.ok()) return fail("verify-answer FAILED: " + report.status().message());
  if (cmd.json_out) {
    print_json({{"ok", true},
                {"kind", answer_kind_name(report->kind)},
                {"subject", report->subject},
                {"size", report->size},
                {"checkpoint_size", report->checkpoint.size},
                {"cosigned", report->cosigned},
                {"records", report->records},
                {"claims", report->claims},
                {"statement_signed_by_log", report->statement},
                {"not_checked", report->unchecked}});
    return 0;
  }
  std::cout << "ok: " << answer_kind_name(report->kind) << " of " << report->subject
            << " at log size " << report->size << ": " << report->claims << " claims follow from "
            << report->records << " records, each proved in " << report->checkpoint.origin
            << " checkpoint size " << report->checkpoint.size << " (signed by the log"
            << (report->cosigned ? " and " : "")
            << (report->cosigned ? std::to_string(report->cosigned) + " witness(es)" : "") << ")\n"
            << (report->statement
                    ? "the log's key signed the whole bundle: its other fields are the log's word"
                    : "not shown by any record (and so not checked): " + report->unchecked)
            << "; not shown: that the answer is complete\n";
  return 0;
}

}  // namespace

void add_verify_answer_command(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<VerifyAnswerCommand>();
  auto* c = app.add_subcommand(
      "verify-answer",
      "check an answer bundle (--with-proofs, proofs=true) offline: the checkpoint's signatures, "
      "every inclusion proof, and every claim against its records; exit 0 ok, 1 failed");
  c->add_option("bundle", cmd->bundle, "the bundle: a file, or - for stdin")->required();
  add_trust_options(c, &cmd->trust);
  c->add_flag("--json", cmd->json_out, "JSON output");
  c->callback([&ctx, cmd] { ctx.run = [cmd] { return verify_answer(*cmd); }; });
}

}  // namespace auditgraph::cli
