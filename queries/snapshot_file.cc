#include "queries/snapshot_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "auditgraph/sha256.h"

namespace auditgraph::queries {

namespace {

// The format's name and version: bumped whenever the archived state changes shape, so a file
// of another version is refused by its first 8 bytes.
constexpr std::string_view kMagic = "AGIDX018";
constexpr size_t kHeader = 8 + 8 + Hash::kSize + 8 + Hash::kSize;
// The payload starts at a multiple of 8 in a page-aligned mapping, so its blocks, padded to 8
// from its start (archive.h), are aligned for their items.
static_assert(kHeader % 8 == 0);

void put64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

uint64_t get64(std::string_view in) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | static_cast<uint8_t>(in[static_cast<size_t>(i)]);
  return v;
}

Status io_error(const std::string& what, const std::string& path) {
  return Status::IOError("snapshot: " + what + " " + path + ": " + std::strerror(errno));
}

Status fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd < 0) return io_error("cannot open", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : io_error("cannot fsync", path);
}

}  // namespace

Status write_snapshot(const std::string& path, const LogHead& at, std::string_view payload) {
  std::string header(kMagic);
  put64(&header, at.size);
  header.append(at.root.view());
  put64(&header, payload.size());
  header.append(sha256(payload).view());
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return io_error("cannot create", tmp);
  for (std::string_view part : {std::string_view(header), payload}) {
    while (!part.empty()) {
      const ssize_t n = ::write(fd, part.data(), part.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fd);
        return io_error("cannot write", tmp);
      }
      part.remove_prefix(static_cast<size_t>(n));
    }
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return io_error("cannot fsync", tmp);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return io_error("cannot rename to", path);
  const std::string folder = std::filesystem::path(path).parent_path().string();
  return fsync_path(folder.empty() ? "." : folder, O_RDONLY | O_DIRECTORY);
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (base_) ::munmap(base_, size_);
    base_ = std::exchange(other.base_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (base_) ::munmap(base_, size_);
}

Result<SnapshotFile> read_snapshot(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("snapshot: no file " + path);
    return io_error("cannot open", path);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const Status s = io_error("cannot stat", path);
    ::close(fd);
    return s;
  }
  const auto file_size = static_cast<size_t>(st.st_size);
  const std::string not_ours =
      "snapshot: " + path + " is not an index snapshot of this format (" + std::string(kMagic) + ")";
  if (file_size < kHeader) {
    ::close(fd);
    return Status::Corruption(not_ours);
  }
  // Mapped read-only with its pages populated (populating a writable private mapping would copy
  // every page), then made writable copy-on-write: the index changes loaded arrays in place
  // (archive.h), the kernel copies a page on its first write, and the file never changes.
  void* base = ::mmap(nullptr, file_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  const int map_errno = errno;
  ::close(fd);
  if (base == MAP_FAILED) {
    errno = map_errno;
    return io_error("cannot map", path);
  }
  if (::mprotect(base, file_size, PROT_READ | PROT_WRITE) != 0) {
    const Status s = io_error("cannot make writable (copy-on-write) the mapping of", path);
    ::munmap(base, file_size);
    return s;
  }
  SnapshotFile file;
  file.file = std::make_shared<MappedFile>(base, file_size);
  const std::string_view v = file.file->bytes();
  if (v.substr(0, 8) != kMagic) return Status::Corruption(not_ours);
  file.at.size = get64(v.substr(8));
  std::memcpy(file.at.root.bytes.data(), v.data() + 16, Hash::kSize);
  const uint64_t length = get64(v.substr(16 + Hash::kSize));
  if (length != file_size - kHeader) {
    return Status::Corruption("snapshot: " + path + " is truncated or has trailing bytes");
  }
  file.payload = v.substr(kHeader);
  std::memcpy(file.checksum.bytes.data(), v.data() + 24 + Hash::kSize, Hash::kSize);
  file.path = path;
  return file;
}

Status check_snapshot(const SnapshotFile& file) {
  // Block by block, so each is hashed while still in cache.
  constexpr size_t kBlock = size_t{8} << 20;
  Sha256 hash;
  for (size_t at = 0; at < file.payload.size(); at += kBlock) {
    hash.update(file.payload.substr(at, kBlock));
  }
  if (hash.finish() != file.checksum) {
    return Status::Corruption("snapshot: " + file.path + " fails its checksum");
  }
  return Status::Ok();
}

}  // namespace auditgraph::queries
