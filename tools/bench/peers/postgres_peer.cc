#include "tools/bench/peers/postgres_peer.h"

#include <libpq-fe.h>

#include <charconv>

namespace auditgraph::bench {
namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresPeer final : public LineagePeer {
 public:
  explicit PostgresPeer(PGconn* conn) : conn_(conn) {}
  ~PostgresPeer() override { PQfinish(conn_); }

  std::string name() const override { return "postgresql"; }

  Status load(const BenchMesh& mesh) override {
    if (Status s = exec("SET client_min_messages = warning"); !s.ok()) return s;
    for (const auto& table : table_names()) {
      if (Status s = exec("DROP TABLE IF EXISTS " + table); !s.ok()) return s;
    }
    for (const auto& statement : schema_sql()) {
      if (Status s = exec(statement); !s.ok()) return s;
    }
    for (const auto& table : table_names()) {
      if (Status s = copy(table, mesh); !s.ok()) return s;
    }
    for (const auto& statement : index_sql()) {
      if (Status s = exec(statement); !s.ok()) return s;
    }
    if (Status s = exec("VACUUM ANALYZE"); !s.ok()) return s;
    // One prepared statement per (direction, depth limited or not).
    for (int k = 0; k < 4; ++k) {
      const bool downstream = k & 1, limited = k & 2;
      PgResult r(PQprepare(conn_, statement_name(downstream, limited).c_str(),
                           lineage_sql(downstream, limited, "$1", "$2").c_str(), 0, nullptr));
      if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return error("prepare");
    }
    return Status::Ok();
  }

  Result<std::vector<uint64_t>> reach(const PeerQuery& query) override {
    const std::string start = std::to_string(query.dataset);
    const std::string depth = query.max_depth ? std::to_string(*query.max_depth) : "0";
    const char* values[2] = {start.c_str(), depth.c_str()};
    const bool limited = query.max_depth.has_value();
    PgResult r(PQexecPrepared(conn_, statement_name(query.downstream, limited).c_str(),
                              limited ? 2 : 1, values, nullptr, nullptr, 0));
    if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) return error("lineage query");
    const int rows = PQntuples(r.get());
    std::vector<uint64_t> out(static_cast<size_t>(rows));
    for (int i = 0; i < rows; ++i) {
      const char* v = PQgetvalue(r.get(), i, 0);
      std::from_chars(v, v + PQgetlength(r.get(), i, 0), out[static_cast<size_t>(i)]);
    }
    return out;
  }

 private:
  static std::string statement_name(bool downstream, bool limited) {
    return std::string(downstream ? "down" : "up") + (limited ? "_depth" : "_closure");
  }

  Status error(const std::string& what) const {
    return Status::IOError("postgresql: " + what + ": " + PQerrorMessage(conn_));
  }

  Status exec(const std::string& sql) {
    PgResult r(PQexec(conn_, sql.c_str()));
    const auto st = PQresultStatus(r.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return error(sql);
    return Status::Ok();
  }

  // COPY table FROM STDIN, in text format (the mesh's names hold no tab, newline or backslash).
  Status copy(const std::string& table, const BenchMesh& mesh) {
    PgResult r(PQexec(conn_, ("COPY " + table + " FROM STDIN").c_str()));
    if (PQresultStatus(r.get()) != PGRES_COPY_IN) return error("COPY " + table);
    std::string buffer;
    bool failed = false;
    auto flush = [&] {
      if (!failed && PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) != 1) {
        failed = true;
      }
      buffer.clear();
    };
    mesh_rows(mesh, table, [&](const std::vector<std::string>& fields) {
      for (size_t f = 0; f < fields.size(); ++f) {
        if (f) buffer += '\t';
        buffer += fields[f];
      }
      buffer += '\n';
      if (buffer.size() > (1 << 20)) flush();
    });
    flush();
    if (failed || PQputCopyEnd(conn_, nullptr) != 1) return error("COPY " + table);
    PgResult done(PQgetResult(conn_));
    if (PQresultStatus(done.get()) != PGRES_COMMAND_OK) return error("COPY " + table);
    while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);
    return Status::Ok();
  }

  PGconn* conn_;
};

}  // namespace

Result<std::unique_ptr<LineagePeer>> connect_postgres(const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return Status::IOError("postgresql: cannot connect with '" + conninfo + "': " + message);
  }
  return std::unique_ptr<LineagePeer>(std::make_unique<PostgresPeer>(conn));
}

}  // namespace auditgraph::bench
