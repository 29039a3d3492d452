#include "tools/cli/checkpoint_cmd.h"

#include <iostream>
#include <vector>

#include "auditgraph/base64.h"
#include "auditgraph/checkpoint.h"
#include "auditgraph/note.h"
#include "src/checkpoint/key_file.h"
#include "src/checkpoint/publisher.h"
#include "tools/cli/note_key_options.h"

namespace auditgraph::cli {
namespace {

struct KeyCommand {
  std::string name;
  std::string out;
  bool witness = false;
};

int generate_key(const KeyCommand& cmd) {
  auto signer = NoteSigner::Generate(
      cmd.name, cmd.witness ? NoteKeyType::kCosignatureV1 : NoteKeyType::kEd25519);
  if (!signer.ok()) return fail(signer.status(), signer.status().is_invalid_argument() ? 2 : 1);
  if (Status s = write_key_files(*signer, cmd.out); !s.ok()) return fail("--out: " + s.message());
  std::cout << signer->verifier().to_string() << "\n";
  return 0;
}

struct CheckpointCommand {
  std::string signing_key;  // checkpoint: sign the head first
  bool json_out = false;
  std::string note;    // verify: a file, or - for stdin
  TrustOptions trust;  // verify: the log's key and the witnesses'
};

// The checkpoint, its note and who signed it, as JSON.
nlohmann::ordered_json checkpoint_json(const Checkpoint& cp, const Note& note) {
  nlohmann::ordered_json sigs = nlohmann::ordered_json::array();
  for (const NoteSignature& s : note.signatures) {
    char id[9];
    std::snprintf(id, sizeof id, "%08x", s.key_id);
    sigs.push_back({{"name", s.name}, {"key_id", id}});
  }
  return {{"origin", cp.origin}, {"size", cp.size}, {"root", cp.root.hex()},
          {"signatures", sigs},  {"note", note.to_string()}};
}

int show_checkpoint(const Context& ctx, const CheckpointCommand& cmd) {
  auto log = open_store(ctx, false);
  if (!log.ok()) return fail(log.status());
  Result<SignedCheckpoint> latest = Status::NotFound("");
  if (!cmd.signing_key.empty()) {
    auto publisher = publisher_from_key_file(**log, cmd.signing_key);
    if (!publisher.ok()) return fail(publisher.status(), 2);
    latest = (*publisher)->publish();
  } else {
    latest = (*log)->signed_checkpoint();
    if (latest.status().is_not_found()) {
      return fail("this store has no signed checkpoint yet: serve --signing-key FILE publishes "
                  "them, or checkpoint --signing-key FILE signs one now");
    }
  }
  if (!latest.ok()) return fail(latest.status());
  if (!cmd.json_out) {
    std::cout << latest->note;
    return 0;
  }
  auto note = Note::Parse(latest->note);
  auto cp = note.ok() ? Checkpoint::Parse(note->body) : Result<Checkpoint>(note.status());
  if (!cp.ok()) return fail("the store's signed checkpoint: " + cp.status().message());
  print_json(checkpoint_json(*cp, *note));
  return 0;
}

int verify_checkpoint(const CheckpointCommand& cmd) {
  auto text = read_input(cmd.note, "NOTE");
  if (!text.ok()) return fail(text.status(), 2);
  auto trust = read_trust(cmd.trust);
  if (!trust.ok()) return fail(trust.status(), 2);
  auto verified = verify_checkpoint_note(*text, *trust, "NOTE");
  if (!verified.ok()) return fail("checkpoint verify FAILED: " + verified.status().message());
  const Checkpoint& cp = verified->checkpoint;
  const size_t cosigned = verified->cosigned;
  if (cmd.json_out) {
    print_json(checkpoint_json(cp, verified->note));
  } else {
    std::cout << "ok: " << cp.origin << " size " << cp.size << " root " << cp.root.hex()
              << ", signed by the log" << (cosigned ? " and " + std::to_string(cosigned) +
                                                          " witness(es)"
                                                    : std::string())
              << "\n";
  }
  return 0;
}

}  // namespace

void add_key_command(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<KeyCommand>();
  auto* key = app.add_subcommand("key", "note keys for signed checkpoints")->require_subcommand(1);
  auto* gen = key->add_subcommand(
      "generate", "a new Ed25519 note key: FILE (mode 0600) and FILE.pub; prints the verifier key");
  gen->add_option("--name", cmd->name,
                  "the key's name: the log's origin (e.g. auditgraph.example.com/finance-mesh), "
                  "or the witness's name")
      ->required();
  gen->add_option("--out", cmd->out, "the signer key's file (never overwritten)")->required();
  gen->add_flag("--witness", cmd->witness, "a witness's cosignature/v1 key instead of a log's");
  gen->callback([&ctx, cmd] { ctx.run = [cmd] { return generate_key(*cmd); }; });
}

void add_checkpoint_command(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<CheckpointCommand>();
  auto* c = app.add_subcommand("checkpoint", "the store's latest signed checkpoint (C2SP)")
                ->require_subcommand(0, 1);
  c->add_option("--signing-key", cmd->signing_key,
                "sign a checkpoint of the head with this note key first");
  c->add_flag("--json", cmd->json_out, "JSON output");
  auto* v = c->add_subcommand("verify", "check a signed checkpoint against the log's key");
  v->add_option("note", cmd->note, "the signed checkpoint: a file, or - for stdin")->required();
  add_trust_options(v, &cmd->trust);
  v->add_flag("--json", cmd->json_out, "JSON output");
  v->callback([&ctx, cmd] { ctx.run = [cmd] { return verify_checkpoint(*cmd); }; });
  c->callback([&ctx, cmd, c] {
    if (c->got_subcommand("verify")) return;  // verify's own callback chose the run
    ctx.run = [&ctx, cmd] { return show_checkpoint(ctx, *cmd); };
  });
}

}  // namespace auditgraph::cli
