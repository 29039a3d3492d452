// StaticFiles: the web page's built assets (web/), held in memory and served by the server at `/`
// (docs/api.md): read once from a folder (`serve --web DIR`; `tools/dev web` builds build/web), or
// given from memory (the page built into the binary, tools/cli/embedded_web.h).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

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
  // The files given as (relative "/"-separated path, content); the content type comes from the
  // path's extension. InvalidArgument when there is no index.html among them.
  static Result<StaticFiles> FromMemory(std::vector<std::pair<std::string, std::string>> files);

  // The file at `path` (relative, "/"-separated, no leading slash; "" is index.html), or null.
  const File* find(const std::string& path) const;
  size_t size() const { return files_.size(); }

 private:
  std::map<std::string, File> files_;
};

}  // namespace auditgraph
