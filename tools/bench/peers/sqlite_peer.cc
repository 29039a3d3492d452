#include "tools/bench/peers/sqlite_peer.h"

#include <sqlite3.h>

namespace auditgraph::bench {
namespace {

struct StatementDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using Statement = std::unique_ptr<sqlite3_stmt, StatementDeleter>;

class SqlitePeer final : public LineagePeer {
 public:
  explicit SqlitePeer(sqlite3* db) : db_(db) {}
  ~SqlitePeer() override {
    for (auto& s : lineage_) s.reset();
    sqlite3_close(db_);
  }

  std::string name() const override { return "sqlite"; }

  Status load(const BenchMesh& mesh) override {
    for (const char* pragma : {"PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF",
                               "PRAGMA cache_size = -1000000", "PRAGMA temp_store = MEMORY"}) {
      if (Status s = exec(pragma); !s.ok()) return s;
    }
    for (const auto& statement : schema_sql()) {
      if (Status s = exec(statement); !s.ok()) return s;
    }
    if (Status s = exec("BEGIN"); !s.ok()) return s;
    for (const auto& table : table_names()) {
      if (Status s = insert(table, mesh); !s.ok()) return s;
    }
    if (Status s = exec("COMMIT"); !s.ok()) return s;
    for (const auto& statement : index_sql()) {
      if (Status s = exec(statement); !s.ok()) return s;
    }
    // No ANALYZE: with its statistics SQLite builds a Bloom filter over the whole mapping on
    // every run of the recursive step (55 ms for a 1-hop query on 100,000 jobs, against 0.02 ms
    // without; measured with Python's sqlite3), so the peer is faster without.
    for (int k = 0; k < 4; ++k) {
      const bool downstream = k & 1, limited = k & 2;
      sqlite3_stmt* s = nullptr;
      if (sqlite3_prepare_v2(db_, lineage_sql(downstream, limited, "?1", "?2").c_str(), -1, &s,
                             nullptr) != SQLITE_OK) {
        return error("prepare");
      }
      lineage_[k].reset(s);
    }
    return Status::Ok();
  }

  Result<std::vector<uint64_t>> reach(const PeerQuery& query) override {
    sqlite3_stmt* s = lineage_[(query.downstream ? 1 : 0) | (query.max_depth ? 2 : 0)].get();
    sqlite3_reset(s);
    sqlite3_bind_int64(s, 1, static_cast<sqlite3_int64>(query.dataset));
    if (query.max_depth) sqlite3_bind_int64(s, 2, *query.max_depth);
    std::vector<uint64_t> out;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
      out.push_back(static_cast<uint64_t>(sqlite3_column_int64(s, 0)));
    }
    if (rc != SQLITE_DONE) return error("lineage query");
    return out;
  }

 private:
  Status error(const std::string& what) const {
    return Status::IOError("sqlite: " + what + ": " + sqlite3_errmsg(db_));
  }

  Status exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string text = message ? message : "unknown error";
      sqlite3_free(message);
      return Status::IOError("sqlite: " + sql + ": " + text);
    }
    return Status::Ok();
  }

  Status insert(const std::string& table, const BenchMesh& mesh) {
    Statement statement;
    Status failed = Status::Ok();
    mesh_rows(mesh, table, [&](const std::vector<std::string>& fields) {
      if (!failed.ok()) return;
      if (!statement) {
        std::string sql = "INSERT INTO " + table + " VALUES (";
        for (size_t f = 0; f < fields.size(); ++f) sql += f ? ", ?" : "?";
        sql += ")";
        sqlite3_stmt* s = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &s, nullptr) != SQLITE_OK) {
          failed = error("prepare " + sql);
          return;
        }
        statement.reset(s);
      }
      sqlite3_stmt* s = statement.get();
      sqlite3_reset(s);
      for (size_t f = 0; f < fields.size(); ++f) {
        // Integer columns take integers: the keys must compare as numbers in the joins.
        const std::string& v = fields[f];
        const bool number = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
        if (number) {
          sqlite3_bind_int64(s, static_cast<int>(f + 1), std::stoll(v));
        } else {
          sqlite3_bind_text(s, static_cast<int>(f + 1), v.data(), static_cast<int>(v.size()),
                            SQLITE_TRANSIENT);
        }
      }
      if (sqlite3_step(s) != SQLITE_DONE) failed = error("insert into " + table);
    });
    return failed;
  }

  sqlite3* db_;
  Statement lineage_[4];  // by (downstream ? 1 : 0) | (depth limited ? 2 : 0)
};

}  // namespace

Result<std::unique_ptr<LineagePeer>> open_sqlite() {
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
    const std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::IOError("sqlite: cannot open an in-memory database: " + message);
  }
  return std::unique_ptr<LineagePeer>(std::make_unique<SqlitePeer>(db));
}

}  // namespace auditgraph::bench
