// tlog-tiles paths and geometry: the spec's examples both ways, and every malformed path refused
// with the part at fault named.
#include "src/server/tile_path.h"

#include <doctest/doctest.h>

namespace auditgraph::tiles {
namespace {

TEST_CASE("tile paths: the spec's examples format and parse back") {
  struct Example {
    Tile tile;
    const char* path;
  };
  const Example examples[] = {
      {{0, 1234067, kTileWidth}, "tile/0/x001/x234/067"},
      {{0, 5, kTileWidth}, "tile/0/005"},
      {{0, 0, kTileWidth}, "tile/0/000"},
      {{1, 256, kTileWidth}, "tile/1/256"},
      {{2, 1000, kTileWidth}, "tile/2/x001/000"},
      {{0, 999, 1}, "tile/0/999.p/1"},
      {{3, 1234067, 255}, "tile/3/x001/x234/067.p/255"},
      {{63, kMaxTileIndex, 7}, "tile/63/x072/x057/x594/x037/x927/935.p/7"},
  };
  for (const Example& e : examples) {
    const std::string path = e.path;
    CAPTURE(path);
    CHECK(format_tile_path(e.tile) == e.path);
    auto parsed = parse_tile_path(e.path);
    REQUIRE_MESSAGE(parsed.ok(), parsed.status().message());
    CHECK(*parsed == e.tile);
  }
}

TEST_CASE("tile paths: malformed ones are refused, naming the part at fault") {
  struct Refusal {
    const char* path;
    const char* message_starts;
  };
  const Refusal refusals[] = {
      {"", "path: "},
      {"tile", "path: "},
      {"tile/0", "path: "},
      {"tiles/0/000", "path: "},
      {"tile/64/000", "L: '64'"},
      {"tile/00/000", "L: '00'"},
      {"tile/-1/000", "L: '-1'"},
      {"tile/entries/000", "L: 'entries'"},
      {"tile/0/5", "N: path element '5' is not 3 digits"},
      {"tile/0/0005", "N: path element '0005'"},
      {"tile/0/x005", "N: path element 'x005' is not 3 digits"},
      {"tile/0/001/005", "N: path element '001' is not x followed by 3 digits"},
      {"tile/0/x01/005", "N: path element 'x01'"},
      {"tile/0/x000/005", "N: leading path element 'x000'"},
      {"tile/0/x00a/005", "N: path element 'x00a'"},
      {"tile/0/005/", "N: path element '005'"},
      {"tile/0/x072/x057/x594/x037/x927/936", "N: above the largest tile index"},
      {"tile/0/x001/x000/x000/x000/x000/x000/x000/000", "N: above the largest tile index"},
      {"tile/0/005.p/0", "W: '0'"},
      {"tile/0/005.p/256", "W: '256'"},
      {"tile/0/005.p/07", "W: '07'"},
      {"tile/0/005.p/", "W: ''"},
      {"tile/0/005.p", "N: path element '005.p'"},
      {"tile/0/.p/5", "N: path element ''"},
  };
  for (const Refusal& r : refusals) {
    const std::string path = r.path;
    CAPTURE(path);
    auto parsed = parse_tile_path(r.path);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == Status::Code::kInvalidArgument);
    CHECK_MESSAGE(parsed.status().message().starts_with(r.message_starts),
                  parsed.status().message());
  }
}

TEST_CASE("tile_width: how much of a tile a tree of some size holds") {
  CHECK(tile_width(0, 0, 0) == 0);
  CHECK(tile_width(0, 0, 1) == 1);
  CHECK(tile_width(0, 0, 255) == 255);
  CHECK(tile_width(0, 0, 256) == kTileWidth);
  CHECK(tile_width(0, 1, 256) == 0);
  CHECK(tile_width(0, 1, 257) == 1);
  CHECK(tile_width(0, 0, 100'000) == kTileWidth);
  CHECK(tile_width(1, 0, 255) == 0);  // no node at tree level 8 yet
  CHECK(tile_width(1, 0, 256) == 1);
  CHECK(tile_width(1, 0, 513) == 2);
  CHECK(tile_width(1, 0, 65'536) == kTileWidth);
  CHECK(tile_width(1, 1, 65'536 + 256) == 1);
  CHECK(tile_width(2, 0, 65'536) == 1);
  CHECK(tile_width(7, 0, UINT64_MAX) == 255);  // tree level 56: 2^8 - 1 nodes
  CHECK(tile_width(8, 0, UINT64_MAX) == 0);    // tree level 64 and above: none
  CHECK(tile_width(63, 0, UINT64_MAX) == 0);
  CHECK(tile_width(0, kMaxTileIndex, UINT64_MAX) == 255);
  CHECK(tile_width(0, UINT64_MAX, UINT64_MAX) == 0);
}

TEST_CASE("locate_node: which tile hashes a tree node is made of") {
  CHECK(locate_node(0, 0) == NodeInTile{0, 0, 0, 1});
  CHECK(locate_node(0, 257) == NodeInTile{0, 1, 1, 1});
  CHECK(locate_node(1, 3) == NodeInTile{0, 0, 6, 2});
  CHECK(locate_node(7, 1) == NodeInTile{0, 0, 128, 128});
  CHECK(locate_node(7, 2) == NodeInTile{0, 1, 0, 128});
  CHECK(locate_node(8, 0) == NodeInTile{1, 0, 0, 1});
  CHECK(locate_node(8, 300) == NodeInTile{1, 1, 44, 1});
  CHECK(locate_node(9, 1) == NodeInTile{1, 0, 2, 2});
  CHECK(locate_node(16, 0) == NodeInTile{2, 0, 0, 1});
}

}  // namespace
}  // namespace auditgraph::tiles
