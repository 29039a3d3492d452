// The web page built into the binary: `serve` serves it at / when no --web folder is given.
// tools/embed_web.py writes its definition at build time (tools/meson.build), from web/.
#pragma once

#include <cstddef>

namespace auditgraph::cli {

struct EmbeddedFile {
  const char* path;           // relative, "/"-separated: "index.html", "assets/main-X.js"
  const char* data;  // `size` bytes (and a NUL after them), static
  size_t size;
};

struct EmbeddedWeb {
  const EmbeddedFile* files;  // `count` files; index.html among them when count > 0
  size_t count;
  const char* missing;  // count == 0: why no page was built in ("node was not found ...")
};

// The files as the build left them; static data, valid for the life of the process.
EmbeddedWeb embedded_web();

}  // namespace auditgraph::cli
