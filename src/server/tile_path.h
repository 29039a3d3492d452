// C2SP tlog-tiles hash tiles: their paths and their geometry. Pure functions (the standard
// library and auditgraph/status.h only), so a client formats the path the server parses.
//
// The tree's hashes are grouped in tiles of height 8. Tile (L, N) holds the hashes of tree level
// 8 * L, nodes N * 256 .. N * 256 + 255, 32 bytes each, concatenated in order; tile level 0 holds
// the leaf hashes. A partial tile of width W (1..255) holds the first W of them and exists for a
// tree with N * 256 + W nodes at that level. Paths: "tile/<L>/<N>" for a full tile and
// "tile/<L>/<N>.p/<W>" for a partial one, N written in base 1000 as 3-digit elements, all but the
// last with an x: 1234067 -> "x001/x234/067", 5 -> "005", 256 -> "256", 1000 -> "x001/000".
// Entry bundles ("tile/entries/...") are not part of this: the log serves hashes only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "auditgraph/status.h"

namespace auditgraph::tiles {

inline constexpr uint8_t kTileHeight = 8;     // tree levels per tile
inline constexpr uint32_t kTileWidth = 256;   // hashes in a full tile (2^kTileHeight)
inline constexpr uint8_t kMaxTileLevel = 63;  // the largest L a path may name
// The largest N a path may name: N * 256 still fits in a uint64_t node index.
inline constexpr uint64_t kMaxTileIndex = UINT64_MAX >> kTileHeight;

// One tile. A value type.
struct Tile {
  uint8_t level = 0;            // L: holds tree level 8 * L
  uint64_t index = 0;           // N
  uint32_t width = kTileWidth;  // hashes it holds: kTileWidth (full) or 1..255 (partial)
  friend bool operator==(const Tile&, const Tile&) = default;
};

// "tile/<L>/<N>" or "tile/<L>/<N>.p/<W>" (no leading slash, as the spec writes it).
// REQUIRES: level <= kMaxTileLevel, 1 <= width <= kTileWidth.
std::string format_tile_path(const Tile& tile);

// The inverse of format_tile_path, for exactly the paths it makes: "tile/", L in decimal without
// leading zeros (0..63), N's elements ("xDDD" but the last "DDD", no leading "x000", N at most
// kMaxTileIndex), then optionally ".p/" and W in decimal without leading zeros (1..255).
// InvalidArgument naming the part at fault (path, L, N, W) and why.
Result<Tile> parse_tile_path(std::string_view path);

// How many hashes of tile (tile_level, tile_index) the tree of `tree_size` leaves holds: 0 when
// none, kTileWidth when the tile is full, else the width of its partial tile. A client with a
// checkpoint of `tree_size` fetches that width.
uint32_t tile_width(uint8_t tile_level, uint64_t tile_index, uint64_t tree_size);

// Where a perfect subtree's hash comes from: node (level, index) of the tree is the RFC 6962 hash
// (merkle_root) of hashes [offset, offset + count) of tile (tile_level, tile_index). count is 1
// when level is a multiple of 8 (the hash is in the tile itself), else 2^(level % 8).
struct NodeInTile {
  uint8_t tile_level = 0;
  uint64_t tile_index = 0;
  uint32_t offset = 0;
  uint32_t count = 1;
  friend bool operator==(const NodeInTile&, const NodeInTile&) = default;
};
// REQUIRES: node (level, index) exists in some tree: level < 64, (index + 1) << level fits.
NodeInTile locate_node(uint8_t level, uint64_t index);

}  // namespace auditgraph::tiles
