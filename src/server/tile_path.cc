#include "src/server/tile_path.h"

#include <algorithm>
#include <optional>
#include <vector>

namespace auditgraph::tiles {
namespace {

// `text` as a decimal number without leading zeros, at most `max`; nullopt otherwise.
std::optional<uint64_t> decimal(std::string_view text, uint64_t max) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(c - '0');
    if (digit > max || v > (max - digit) / 10) return std::nullopt;
    v = v * 10 + digit;
  }
  return v;
}

// The value of "DDD" (exactly three digits), or nullopt.
std::optional<uint64_t> three_digits(std::string_view text) {
  if (text.size() != 3) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) return out;
    start = slash + 1;
  }
}

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

// N from its elements ("xDDD"..., "DDD").
Result<uint64_t> parse_index(const std::vector<std::string_view>& elements) {
  uint64_t n = 0;
  for (size_t i = 0; i < elements.size(); ++i) {
    const bool last = i + 1 == elements.size();
    std::string_view e = elements[i];
    if (!last) {
      if (e.empty() || e[0] != 'x') {
        return Status::InvalidArgument("N: path element " + quoted(e) +
                                       " is not x followed by 3 digits");
      }
      e.remove_prefix(1);
    }
    auto digits = three_digits(e);
    if (!digits) {
      return Status::InvalidArgument("N: path element " + quoted(elements[i]) + " is not " +
                                     (last ? "3 digits" : "x followed by 3 digits"));
    }
    if (i == 0 && !last && *digits == 0) {
      return Status::InvalidArgument("N: leading path element " + quoted(elements[i]) +
                                     " is a zero (not the canonical form)");
    }
    if (n > (kMaxTileIndex - *digits) / 1000) {
      return Status::InvalidArgument("N: above the largest tile index " +
                                     std::to_string(kMaxTileIndex));
    }
    n = n * 1000 + *digits;
  }
  return n;
}

}  // namespace

std::string format_tile_path(const Tile& tile) {
  std::vector<uint64_t> groups;  // N's 3-digit groups, least significant first
  uint64_t n = tile.index;
  do {
    groups.push_back(n % 1000);
    n /= 1000;
  } while (n > 0);
  std::string out = "tile/" + std::to_string(tile.level) + "/";
  for (size_t i = groups.size(); i-- > 0;) {
    std::string digits = std::to_string(groups[i]);
    if (i > 0) out += "x";
    out += std::string(3 - digits.size(), '0') + digits;
    if (i > 0) out += "/";
  }
  if (tile.width != kTileWidth) out += ".p/" + std::to_string(tile.width);
  return out;
}

Result<Tile> parse_tile_path(std::string_view path) {
  std::vector<std::string_view> elements = split(path);
  if (elements.size() < 3 || elements[0] != "tile") {
    return Status::InvalidArgument("path: " + quoted(path) +
                                   " is not tile/<L>/<N> or tile/<L>/<N>.p/<W>");
  }
  Tile tile;
  auto level = decimal(elements[1], kMaxTileLevel);
  if (!level) {
    return Status::InvalidArgument("L: " + quoted(elements[1]) +
                                   " is not a tile level (0..63, no leading zeros)");
  }
  tile.level = static_cast<uint8_t>(*level);

  std::vector<std::string_view> index(elements.begin() + 2, elements.end());
  constexpr std::string_view kPartial = ".p";
  if (index.size() >= 2 && index[index.size() - 2].ends_with(kPartial)) {
    auto width = decimal(index.back(), kTileWidth - 1);
    if (!width || *width == 0) {
      return Status::InvalidArgument("W: " + quoted(index.back()) +
                                     " is not a partial tile width (1..255, no leading zeros)");
    }
    tile.width = static_cast<uint32_t>(*width);
    index.pop_back();
    index.back().remove_suffix(kPartial.size());
  }
  auto n = parse_index(index);
  if (!n.ok()) return n.status();
  tile.index = *n;
  return tile;
}

uint32_t tile_width(uint8_t tile_level, uint64_t tile_index, uint64_t tree_size) {
  const unsigned tree_level = unsigned{tile_level} * kTileHeight;
  const uint64_t nodes = tree_level >= 64 ? 0 : tree_size >> tree_level;
  if (tile_index > nodes / kTileWidth) return 0;
  return static_cast<uint32_t>(std::min<uint64_t>(kTileWidth, nodes - tile_index * kTileWidth));
}

NodeInTile locate_node(uint8_t level, uint64_t index) {
  const unsigned height = level % kTileHeight;
  const uint64_t first = index << height;  // the first hash's index at tree level 8 * L
  return NodeInTile{static_cast<uint8_t>(level / kTileHeight), first / kTileWidth,
                    static_cast<uint32_t>(first % kTileWidth), uint32_t{1} << height};
}

}  // namespace auditgraph::tiles
