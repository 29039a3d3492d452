#include "src/checkpoint/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "src/checkpoint/durable_file.h"

namespace auditgraph {
namespace {

std::string errno_text() { return std::strerror(errno); }

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

Status write_key_files(const NoteSigner& signer, const std::string& path) {
  const std::string pub = path + ".pub";
  struct stat st;
  if (::stat(pub.c_str(), &st) == 0) return Status::AlreadyExists(pub + " exists already");
  if (Status s = create_file_durably(path, signer.to_string() + "\n", 0600); !s.ok()) return s;
  if (Status s = create_file_durably(pub, signer.verifier().to_string() + "\n", 0644); !s.ok()) {
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
