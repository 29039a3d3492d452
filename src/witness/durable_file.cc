#include "src/witness/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace auditgraph {
namespace {

Status io_error(const std::string& what, const std::string& path) {
  return Status::IOError(what + " " + path + ": " + std::strerror(errno));
}

Status write_all(int fd, const std::string& text, const std::string& path) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error("writing", path);
    done += static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

Status replace_file_durably(const std::string& path, const std::string& text, int mode) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return io_error("cannot create", tmp);
  Status s = write_all(fd, text, tmp);
  if (s.ok() && ::fsync(fd) != 0) s = io_error("syncing", tmp);
  if (::close(fd) != 0 && s.ok()) s = io_error("closing", tmp);
  if (s.ok() && std::rename(tmp.c_str(), path.c_str()) != 0) s = io_error("renaming over", path);
  if (!s.ok()) {
    ::unlink(tmp.c_str());  // the old contents stand; a stale temp file would only confuse
    return s;
  }
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? std::string(".") : parent.string();
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return io_error("cannot open the folder", dir);
  if (::fsync(dir_fd) != 0) s = io_error("syncing the folder", dir);
  ::close(dir_fd);  // read-only: nothing of ours is lost if closing fails
  return s;
}

}  // namespace auditgraph
