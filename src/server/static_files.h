// StaticFiles: the web page's built assets (web/, built by `tools/dev web` into build/web),
// read once from a folder into memory and served by the server at `/` (docs/api.md).
#pragma once

#include <map>
#include <string>

#include "auditgraph/status.h"

namespace auditgraph {

class StaticFiles {
 public:
  struct File {
    std::string content;
    std::string content_type;
  };
  // Reads every regular file under `dir` (at most `max_bytes` in all). InvalidArgument naming
  // --web when `dir` is not a folder, has no index.html, or is over the limit.
  static Result<StaticFiles> Load(const std::string& dir, size_t max_bytes = 64 << 20);

  // The file at `path` (relative, "/"-separated, no leading slash; "" is index.html), or null.
  const File* find(const std::string& path) const;
  size_t size() const { return files_.size(); }

 private:
  std::map<std::string, File> files_;
};

}  // namespace auditgraph
