// C2SP tlog-tiles hash tiles, as a client uses them: a tiny client that knows nothing but tiles
// computes tree roots, inclusion proofs and consistency proofs, which must equal the log's own.
// Tiles come through the real server (GET /tile/...) and, for the large tree, straight from
// EventLog::read_hashes. Then the route's refusals.
#include <doctest/doctest.h>

#include <functional>
#include <map>
#include <vector>

#include "auditgraph/event_log.h"
#include "auditgraph/merkle.h"
#include "src/server/tile_path.h"
#include "storage/merkle_tree.h"
#include "test/src/server/test_server.h"
#include "test/util/events.h"
#include "test/util/test_log.h"

namespace auditgraph {
namespace {

using testing::TestServer;
using tiles::Tile;

// What a client gets for one tile: its bytes, or why not.
using FetchTile = std::function<Result<std::string>(const Tile&)>;

// The tree of `size` leaves as a tlog-tiles client sees it: each node computed from the tiles a
// client with a checkpoint of `size` fetches (full tiles, and the partial tiles of that size).
class TileNodes final : public storage::NodeReader {
 public:
  // `fetch` must outlive this reader.
  TileNodes(const FetchTile& fetch, uint64_t size) : fetch_(fetch), size_(size) {}

  Result<Hash> node(uint8_t level, uint64_t index) const override {
    const tiles::NodeInTile at = tiles::locate_node(level, index);
    const Tile tile{at.tile_level, at.tile_index,
                    tiles::tile_width(at.tile_level, at.tile_index, size_)};
    if (tile.width < at.offset + at.count) {
      return Status::NotFound("node (" + std::to_string(level) + ", " + std::to_string(index) +
                              ") is not in the tree of size " + std::to_string(size_));
    }
    auto bytes = fetched(tile);
    if (!bytes.ok()) return bytes.status();
    std::vector<Hash> hashes;
    for (uint32_t k = at.offset; k < at.offset + at.count; ++k) {
      hashes.push_back(*Hash::FromBytes(bytes->substr(size_t{k} * Hash::kSize, Hash::kSize)));
    }
    return merkle_root(hashes);
  }

  size_t tiles_fetched() const { return cache_.size(); }

 private:
  Result<std::string> fetched(const Tile& tile) const {
    const std::string path = tiles::format_tile_path(tile);
    if (auto it = cache_.find(path); it != cache_.end()) return it->second;
    auto bytes = fetch_(tile);
    if (!bytes.ok()) return bytes.status();
    if (bytes->size() != size_t{tile.width} * Hash::kSize) {
      return Status::Corruption(path + " is " + std::to_string(bytes->size()) + " bytes");
    }
    return cache_[path] = std::move(*bytes);
  }

  const FetchTile& fetch_;
  const uint64_t size_;
  mutable std::map<std::string, std::string> cache_;  // by path
};

Hash tile_root(const FetchTile& fetch, uint64_t size) {
  TileNodes nodes(fetch, size);
  auto root = storage::tree_root(nodes, size);
  REQUIRE_MESSAGE(root.ok(), root.status().message());
  return *root;
}

// For a client holding a checkpoint of `size`: the root, inclusion proofs of a few leaves and
// consistency proofs from a few smaller sizes, computed from tiles alone, equal the log's and
// verify.
void check_tree_from_tiles(const EventLog& log, const FetchTile& fetch, uint64_t size) {
  CAPTURE(size);
  TileNodes nodes(fetch, size);
  auto root = storage::tree_root(nodes, size);
  REQUIRE_MESSAGE(root.ok(), root.status().message());
  CHECK(*root == *log.root_at(size));

  for (uint64_t seq : {uint64_t{0}, size / 2, size - 1}) {
    CAPTURE(seq);
    auto path = storage::inclusion_path(nodes, seq, size);
    REQUIRE_MESSAGE(path.ok(), path.status().message());
    auto proof = log.prove_inclusion(seq, size);
    REQUIRE(proof.ok());
    CHECK(*path == proof->path);
    const Hash leaf = *nodes.node(0, seq);
    CHECK(leaf == merkle_leaf_hash(*log.read_raw(seq)));
    CHECK(verify_inclusion(seq, size, leaf, *path, *root).ok());
  }

  for (uint64_t from : {uint64_t{1}, size / 2, size - 1}) {
    if (from == 0 || from >= size) continue;
    CAPTURE(from);
    auto path = storage::consistency_path(nodes, from, size);
    REQUIRE_MESSAGE(path.ok(), path.status().message());
    auto proof = log.prove_consistency(from, size);
    REQUIRE(proof.ok());
    CHECK(*path == proof->path);
    const Hash from_root = tile_root(fetch, from);
    CHECK(from_root == *log.root_at(from));
    CHECK(verify_consistency(from, size, from_root, *root, *path).ok());
  }
}

// Appends `count` small events in large unsynced batches.
void append_events(EventLog& log, uint64_t count) {
  constexpr uint64_t kBatch = 8192;
  std::vector<Event> batch;
  for (uint64_t n = 0; n < count; n += batch.size()) {
    batch.clear();
    for (uint64_t k = n; k < std::min(count, n + kBatch); ++k) {
      batch.push_back(testing::access_event(k));
    }
    auto appended = log.append(batch);
    REQUIRE_MESSAGE(appended.ok(), appended.status().message());
  }
}

// Closes `s`'s store, appends `count` events to it, and serves it again.
void serve_with_events(TestServer& s, uint64_t count) {
  REQUIRE(s.client().Get("/healthz"));  // stop() before the server listens would wait forever
  s.stop();
  append_events(*testing::open_test_log(s.dir() + "/store"), count);
  s.start();
}

// The store of 513 records, as tiles (tile level 1 holds tree level 8, the roots of 256 leaves):
//
//   tile level 1:  [ n(8,0) n(8,1) ]                          tile/1/000.p/2
//                     /       \    (each a root of 256 leaves)
//   tile level 0:  [ 0..255 ] [ 256..511 ] [ 512 ]            tile/0/000, tile/0/001,
//                                                             tile/0/002.p/1
//
// A client holding an older checkpoint (255, 256, 257, 511, 512) fetches the narrower partial
// tiles of its own size, e.g. tile/0/001.p/1 for 257, and the server still has them.
TEST_CASE("a tiles-only client gets the log's roots and proofs through GET /tile/...") {
  TestServer s;
  serve_with_events(s, 513);
  const EventLog& log = s.engine().log();
  REQUIRE(log.head().size == 513);

  // No token: tiles are public, with tokens configured.
  httplib::Client client = s.client();
  size_t fetches = 0;
  const FetchTile over_http = [&](const Tile& tile) -> Result<std::string> {
    ++fetches;
    auto r = client.Get("/" + tiles::format_tile_path(tile));
    if (!r) return Status::IOError("GET " + tiles::format_tile_path(tile) + " failed");
    if (r->status != 200) {
      return Status::NotFound(tiles::format_tile_path(tile) + ": " + std::to_string(r->status) +
                              " " + r->body);
    }
    CHECK(r->get_header_value("Content-Type") == "application/octet-stream");
    return r->body;
  };

  for (uint64_t size : {1, 2, 3, 255, 256, 257, 511, 512, 513}) {
    check_tree_from_tiles(log, over_http, size);
  }
  CHECK(tile_root(over_http, 513) == log.head().root);
  CHECK(fetches > 0);
  // Public routes are not recorded: the client's requests added nothing to the log.
  CHECK(log.head().size == 513);
}

TEST_CASE("a tiles-only client gets the log's roots and proofs past 65,536 records") {
  testing::TestStore store;
  append_events(*store.log, 65'537);
  const EventLog& log = *store.log;
  const FetchTile from_log = [&](const Tile& tile) {
    return log.read_hashes(static_cast<uint8_t>(tile.level * tiles::kTileHeight),
                           tile.index * tiles::kTileWidth, tile.width);
  };
  for (uint64_t size : {1, 255, 256, 257, 511, 512, 513, 65'535, 65'536, 65'537}) {
    check_tree_from_tiles(log, from_log, size);
  }
  CHECK(tile_root(from_log, 65'537) == log.head().root);

  // At 65,536 the tree has a full tile at tile level 1 and its root alone at tile level 2.
  TileNodes nodes(from_log, 65'536);
  CHECK(*nodes.node(16, 0) == *log.root_at(65'536));
  CHECK(nodes.tiles_fetched() == 1);  // tile/2/000.p/1
}

TEST_CASE("GET /tile: exact bytes, and refusals that name the problem") {
  TestServer s;
  serve_with_events(s, 300);
  const EventLog& log = s.engine().log();
  httplib::Client client = s.client();

  auto get = [&](const std::string& path) {
    auto r = client.Get(path);
    REQUIRE(r);
    return *r;
  };

  SUBCASE("tiles are the stored hashes, in order") {
    auto full = get("/tile/0/000");
    CHECK(full.status == 200);
    CHECK(full.get_header_value("Content-Type") == "application/octet-stream");
    CHECK(full.body.size() == 256 * Hash::kSize);
    std::string leaves;
    for (uint64_t seq = 0; seq < 256; ++seq) {
      leaves.append(merkle_leaf_hash(*log.read_raw(seq)).view());
    }
    CHECK(full.body == leaves);
    CHECK(get("/tile/0/000.p/7").body == leaves.substr(0, 7 * Hash::kSize));
    CHECK(get("/tile/0/001.p/44").body == *log.read_hashes(0, 256, 44));
    CHECK(get("/tile/1/000.p/1").body == log.root_at(256)->view());
  }

  SUBCASE("past the tree: 404") {
    for (const char* path :
         {"/tile/0/001", "/tile/0/001.p/45", "/tile/0/002.p/1", "/tile/1/000.p/2",
          "/tile/2/000.p/1", "/tile/63/000.p/1", "/tile/0/x072/x057/x594/x037/x927/935"}) {
      CAPTURE(path);
      auto r = get(path);
      CHECK(r.status == 404);
      CHECK_MESSAGE(r.body.find("tree of size 300") != std::string::npos, r.body);
    }
  }

  SUBCASE("entry bundles are not served: 404 saying so") {
    auto r = get("/tile/entries/000");
    CHECK(r.status == 404);
    CHECK_MESSAGE(r.body.find("entry bundles are not served") != std::string::npos, r.body);
  }

  SUBCASE("malformed paths: 400 naming the part at fault") {
    struct Malformed {
      const char* path;
      const char* names;  // the part the message names
    };
    for (auto [path, names] :
         {Malformed{"/tile/0/5", "N: "}, Malformed{"/tile/0/x000/005", "N: "},
          Malformed{"/tile/0/005.p/0", "W: "}, Malformed{"/tile/0/005.p/256", "W: "},
          Malformed{"/tile/64/000", "L: "}, Malformed{"/tile/abc/000", "L: "},
          Malformed{"/tile/0", "path: "}}) {
      CAPTURE(path);
      auto r = get(path);
      CHECK(r.status == 400);
      CHECK_MESSAGE(r.body.find(names) != std::string::npos, r.body);
    }
  }
  CHECK(log.head().size == 300);  // nothing recorded
}

}  // namespace
}  // namespace auditgraph
