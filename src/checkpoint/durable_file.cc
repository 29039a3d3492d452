#include "src/checkpoint/durable_file.h"

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

// Writes, fsyncs and closes `fd` (open on `path`).
Status write_sync_close(int fd, const std::string& text, const std::string& path) {
  Status s = write_all(fd, text, path);
  if (s.ok() && ::fsync(fd) != 0) s = io_error("syncing", path);
  if (::close(fd) != 0 && s.ok()) s = io_error("closing", path);
  return s;
}

// Fsyncs the folder holding `path`, so that a new name in it survives a crash.
Status sync_folder_of(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? std::string(".") : parent.string();
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return io_error("cannot open the folder", dir);
  Status s;
  if (::fsync(dir_fd) != 0) s = io_error("syncing the folder", dir);
  ::close(dir_fd);  // read-only: nothing of ours is lost if closing fails
  return s;
}

}  // namespace

Status replace_file_durably(const std::string& path, const std::string& text, int mode) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return io_error("cannot create", tmp);
  Status s = write_sync_close(fd, text, tmp);
  if (s.ok() && std::rename(tmp.c_str(), path.c_str()) != 0) s = io_error("renaming over", path);
  if (!s.ok()) {
    ::unlink(tmp.c_str());  // the old contents stand; a stale temp file would only confuse
    return s;
  }
  return sync_folder_of(path);
}

Status create_file_durably(const std::string& path, const std::string& text, int mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return Status::AlreadyExists(path + " exists already; give a new file");
    return io_error("cannot create", path);
  }
  Status s = write_sync_close(fd, text, path);
  if (s.ok()) s = sync_folder_of(path);
  if (!s.ok()) ::unlink(path.c_str());
  return s;
}

}  // namespace auditgraph
