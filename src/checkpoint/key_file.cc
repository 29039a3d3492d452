#include "src/checkpoint/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace auditgraph {
namespace {

std::string errno_text() { return std::strerror(errno); }

// Creates `path` exclusively with `mode`, writes `text` and syncs it.
Status write_new_file(const std::string& path, const std::string& text, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return Status::AlreadyExists(path + " exists already; give a new file");
    return Status::IOError("cannot create " + path + ": " + errno_text());
  }
  Status s;
  size_t done = 0;
  while (done < text.size() && s.ok()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno != EINTR) s = Status::IOError("writing " + path + ": " + errno_text());
    if (n > 0) done += static_cast<size_t>(n);
  }
  if (s.ok() && ::fsync(fd) != 0) s = Status::IOError("syncing " + path + ": " + errno_text());
  if (::close(fd) != 0 && s.ok()) s = Status::IOError("closing " + path + ": " + errno_text());
  if (!s.ok()) ::unlink(path.c_str());  // a half-written key is worse than none
  return s;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

Status write_key_files(const NoteSigner& signer, const std::string& path) {
  const std::string pub = path + ".pub";
  struct stat st;
  if (::stat(pub.c_str(), &st) == 0) return Status::AlreadyExists(pub + " exists already");
  if (Status s = write_new_file(path, signer.to_string() + "\n", 0600); !s.ok()) return s;
  if (Status s = write_new_file(pub, signer.verifier().to_string() + "\n", 0644); !s.ok()) {
    ::unlink(path.c_str());  // a signer key without its verifier key would be a puzzle
    return s;
  }
  return Status::Ok();
}

Result<std::string> read_text_file(const std::string& path, const std::string& field) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError(field + ": cannot read " + path + ": " + errno_text());
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IOError(field + ": reading " + path + " failed");
  return text.str();
}

Result<NoteSigner> read_signer_key(const std::string& path, const std::string& field) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return Status::IOError(field + ": cannot read " + path + ": " + errno_text());
  }
  if ((st.st_mode & 077) != 0) {
    return Status::InvalidArgument(field + ": " + path +
                                   " can be read by others than its owner; chmod 600 it");
  }
  auto text = read_text_file(path, field);
  if (!text.ok()) return text.status();
  return NoteSigner::Parse(first_line(*text), field + ": " + path);
}

Result<NoteVerifier> read_verifier_key(const std::string& text_or_path, const std::string& field) {
  auto key = NoteVerifier::Parse(text_or_path, field);
  if (key.ok()) return key;
  struct stat st;
  if (::stat(text_or_path.c_str(), &st) != 0) {
    return Status::InvalidArgument(key.status().message() +
                                   " (and there is no file of that name to read one from)");
  }
  auto text = read_text_file(text_or_path, field);
  if (!text.ok()) return text.status();
  return NoteVerifier::Parse(first_line(*text), field + ": " + text_or_path);
}

}  // namespace auditgraph
