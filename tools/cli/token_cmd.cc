#include "tools/cli/token_cmd.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "auditgraph/clock.h"
#include "src/event_json.h"
#include "src/server/token_store.h"

namespace auditgraph::cli {

int run_token(const TokenCommand& cmd) {
  auto store = TokenStore::Load(cmd.tokens);
  if (!store.ok()) return fail(store.status());
  SystemClock clock;
  if (cmd.action == "add") {
    auto role = parse_role(cmd.role);
    if (!role) return fail("--role: '" + cmd.role + "' is not ingest, audit or admin", 2);
    auto token = store->add(cmd.principal, *role, clock.now());
    if (!token.ok()) {
      return fail(token.status(), token.status().code() == Status::Code::kInvalidArgument ? 2 : 1);
    }
    const TokenEntry& e = store->entries().back();
    std::cerr << "token " << e.id << " for " << e.principal << " (" << role_name(e.role)
              << "); it is shown once, only its hash is stored:\n";
    std::cout << *token << "\n";
    return 0;
  }
  if (cmd.action == "revoke") {
    if (Status s = store->revoke(cmd.id, clock.now()); !s.ok()) return fail(s);
    std::cout << "revoked " << cmd.id << "\n";
    return 0;
  }
  if (cmd.json_out) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& e : store->entries()) {
      list.push_back(
          {{"id", e.id},
           {"principal", e.principal},
           {"role", role_name(e.role)},
           {"created_at", format_rfc3339(e.created_at)},
           {"revoked_at", e.revoked_at ? nlohmann::ordered_json(format_rfc3339(*e.revoked_at))
                                       : nlohmann::ordered_json()}});
    }
    print_json(list);
    return 0;
  }
  for (const auto& e : store->entries()) {
    std::cout << e.id << "  " << role_name(e.role) << "  " << e.principal << "  created "
              << format_rfc3339(e.created_at)
              << (e.revoked_at ? "  REVOKED " + format_rfc3339(*e.revoked_at) : std::string())
              << "\n";
  }
  return 0;
}

void add_token_command(CLI::App& app, Context& ctx) {
  auto cmd = std::make_shared<TokenCommand>();
  auto* token = app.add_subcommand("token", "bearer tokens for serve")->require_subcommand(1);
  auto* add = token->add_subcommand("add", "make a token; prints it once");
  add->add_option("--principal", cmd->principal, "who the token acts as")->required();
  add->add_option("--role", cmd->role, "ingest, audit or admin")
      ->check(CLI::IsMember({"ingest", "audit", "admin"}))
      ->required();
  auto* list = token->add_subcommand("list", "the tokens (ids, principals, roles)");
  list->add_flag("--json", cmd->json_out, "JSON output");
  auto* revoke = token->add_subcommand("revoke", "revoke a token by its id");
  revoke->add_option("id", cmd->id, "the token's id (token list)")->required();
  for (auto* c : {add, list, revoke}) {
    c->add_option("--tokens", cmd->tokens, "the tokens file")->required();
    c->callback([&ctx, cmd, action = c->get_name()] {
      ctx.run = [cmd, action] {
        cmd->action = action;
        return run_token(*cmd);
      };
    });
  }
}

}  // namespace auditgraph::cli
