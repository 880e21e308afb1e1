"""The cursor over PowerShell text and the expression-mode reader: operands, operators, strings, variables."""

import bisect
import re


class ParseError(Exception):
    """PowerShell the reader cannot read, at offset `pos`: itself a finding (powershell.parse)."""

    def __init__(self, message, pos):
        super().__init__(message)
        self.pos = pos


class Reader:
    """Reads expression mode: what follows `$x =`, what stands in ( ), $( ), @( ), @{ } and after `.` or `::`.

    Nested statements (in parentheses, script blocks, sub-expressions, "...$(...)" strings) are handed
    back to the parser's parse_statements, which a subclass provides.
    """

    def __init__(self, text):
        self.text = text
        self.pos = 0
        self.commands = []
        self.newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(self, pos):
        return bisect.bisect_left(self.newlines, pos) + 1

    def peek(self, offset=0):
        i = self.pos + offset
        return self.text[i] if i < len(self.text) else ""

    def starts(self, s):
        return self.text.startswith(s, self.pos)

    def fail(self, message):
        raise ParseError(message, self.pos)

    def skip(self, newlines=False):
        """Skips blanks, comments and backtick line continuations (and newlines if asked)."""
        while self.pos < len(self.text):
            ch = self.peek()
            if ch in " \t\r\f" or (newlines and ch == "\n"):
                self.pos += 1
            elif ch == "`" and self.peek(1) in ("\n", "\r"):
                self.pos += 2 if self.peek(1) == "\n" else 3
            elif self.starts("<#"):
                end = self.text.find("#>", self.pos + 2)
                if end < 0:
                    self.fail("a block comment <# is not closed")
                self.pos = end + 2
            elif ch == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
            else:
                break

    def expect(self, ch):
        if self.peek() != ch:
            self.fail(f"'{ch}' expected")
        self.pos += 1

    def skip_to_end_of_line(self):
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end

    # Expressions

    def parse_expression(self):
        """Reads an expression up to the end of the statement, an assignment, a pipe or a closing bracket."""
        while True:
            self.skip()
            ch = self.peek()
            if not ch or ch in "\n;)}]" or (ch == "|" and not self.starts("||")):
                return
            if re.compile(r"(=|\+=|-=|\*=|/=|%=)(?!=)").match(self.text, self.pos):
                return
            if ch == ",":
                self.pos += 1
                self.skip(newlines=True)
                continue
            operator = re.compile(r"-[A-Za-z]+|\.\.|[-+*/%!<>&]").match(self.text, self.pos)
            if operator and not (ch == "-" and self.peek(1).isdigit()):
                self.pos = operator.end()
                self.skip(newlines=True)
                continue
            start = self.pos
            self.parse_primary()
            self.parse_postfix()
            if self.pos == start:
                self.fail(f"cannot read '{ch}'")

    def parse_primary(self):
        """One operand; returns its text when it is a fixed string or number, else None."""
        ch = self.peek()
        if self.starts("@'") or self.starts('@"'):
            return self.read_here_string()
        if self.starts("$(") or self.starts("@("):
            self.pos += 2
            self.parse_statements(")")
            return None
        if self.starts("@{"):
            self.pos += 2
            self.parse_hashtable()
            return None
        if ch == "(":
            self.pos += 1
            self.parse_statements(")")
            return None
        if ch == "{":
            self.pos += 1
            self.parse_statements("}")
            return None
        if ch == "$":
            self.parse_variable()
            return None
        if ch in "'\u2018\u2019":
            return self.read_single_quoted()
        if ch in '"\u201c\u201d':
            return self.read_double_quoted()
        if ch == "[":
            self.read_type()
            return None
        m = re.compile(r"(0x[0-9a-f]+|\d+(\.\d+)?(e[+-]?\d+)?)(kb|mb|gb|tb|pb|l|d)?\b", re.I).match(self.text, self.pos)
        if m:
            self.pos = m.end()
            return m.group(0)
        word = self.read_word()
        return word or None

    def parse_postfix(self):
        """Member access, method calls and indexing right after an operand: .Name, ::Now, .Trim('x'), [0]."""
        while True:
            if self.starts("::") or (self.peek() == "." and self.peek(1) != "."):
                self.pos += 2 if self.starts("::") else 1
                if self.peek() in "'\"":
                    self.parse_primary()
                elif self.peek() in "($":
                    self.parse_primary()
                else:
                    self.read_word()
                if self.peek() == "(":
                    self.pos += 1
                    self.parse_arguments_list()
            elif self.peek() == "[":
                self.pos += 1
                self.parse_expression_until("]")
            else:
                return

    def parse_arguments_list(self):
        self.parse_expression_until(")")

    def parse_expression_until(self, closer):
        while True:
            self.skip(newlines=True)
            if self.peek() == closer:
                self.pos += 1
                return
            if not self.peek():
                self.fail(f"'{closer}' expected")
            start = self.pos
            self.parse_expression()
            if self.pos == start:
                self.fail(f"cannot read '{self.peek()}'")

    def at_block_end(self, what):
        """Passes blank lines and ';' between a block's entries; True, past its '}', at its end."""
        self.skip(newlines=True)
        while self.peek() == ";":
            self.pos += 1
            self.skip(newlines=True)
        if self.peek() == "}":
            self.pos += 1
            return True
        if not self.peek():
            self.fail(f"'}}' expected at the end of the {what}")
        return False

    def parse_hashtable(self):
        while not self.at_block_end("hashtable"):
            if self.peek() in "'\"":
                self.parse_primary()
            elif self.peek() in "($":
                self.parse_primary()
                self.parse_postfix()
            else:
                m = re.compile(r"[^\s=;}]+").match(self.text, self.pos)
                if not m:
                    self.fail("a hashtable key is expected")
                self.pos = m.end()
            self.skip()
            self.expect("=")
            self.skip(newlines=True)
            self.parse_statement()

    def parse_variable(self):
        self.expect("$")
        if self.peek() == "{":
            end = self.text.find("}", self.pos)
            if end < 0:
                self.fail("'}' expected in ${...}")
            self.pos = end + 1
        elif self.peek() in "$?^":  # $$, $?, $^
            self.pos += 1
        else:
            m = re.compile(r"(\w+:(?!:))?\w+").match(self.text, self.pos)
            if not m:
                self.fail("a variable name is expected after $")
            self.pos = m.end()
        self.parse_postfix_in_argument()

    def parse_postfix_in_argument(self):
        if self.peek() == "." and re.match(r"[A-Za-z_]", self.peek(1)) or self.peek() == "[" or self.starts("::"):
            self.parse_postfix()

    def read_word(self):
        m = re.compile(r"[\w.\\:-]+|\S").match(self.text, self.pos)
        if not m:
            return ""
        self.pos = m.end()
        return m.group(0)

    def read_type(self):
        depth = 0
        while self.pos < len(self.text):
            ch = self.peek()
            self.pos += 1
            depth += {"[": 1, "]": -1}.get(ch, 0)
            if depth == 0:
                return
        self.fail("']' expected")

    def read_single_quoted(self):
        self.pos += 1
        out = ""
        while self.pos < len(self.text):
            ch = self.peek()
            if ch in "'\u2018\u2019":
                if self.peek(1) in "'\u2018\u2019" and self.peek(1):
                    out += "'"
                    self.pos += 2
                    continue
                self.pos += 1
                return out
            out += ch
            self.pos += 1
        self.fail("a single-quoted string is not closed")

    def read_double_quoted(self):
        """Reads "..."; returns its text, or None when it expands a variable or a sub-expression."""
        self.pos += 1
        out, fixed = "", True
        while self.pos < len(self.text):
            ch = self.peek()
            if ch == "`":
                out += self.peek(1)
                self.pos += 2
            elif ch in '"\u201c\u201d':
                if self.peek(1) in '"\u201c\u201d' and self.peek(1):
                    out += '"'
                    self.pos += 2
                    continue
                self.pos += 1
                return out if fixed else None
            elif self.starts("$("):
                self.pos += 2
                self.parse_statements(")")
                fixed = False
            elif ch == "$" and re.match(r"[\w{:?]", self.peek(1)):
                self.parse_variable_in_string()
                fixed = False
            else:
                out += ch
                self.pos += 1
        self.fail("a double-quoted string is not closed")

    def parse_variable_in_string(self):
        self.pos += 1
        if self.peek() == "{":
            self.pos = self.text.index("}", self.pos) + 1
        else:
            m = re.compile(r"(\w+:(?!:))?\w+|\?").match(self.text, self.pos)
            self.pos = m.end()

    def read_here_string(self):
        quote = self.peek(1)
        end = self.text.find("\n" + quote + "@", self.pos)
        if end < 0:
            self.fail(f"a here-string @{quote} is not closed by {quote}@ at the start of a line")
        body = self.text[self.pos + 2:end]
        if quote == '"':  # its $( ) sub-expressions hold commands, read by a parser of the same kind
            inner = type(self)(body)
            while inner.pos < len(body):
                if inner.peek() == "`":
                    inner.pos += 2
                elif inner.starts("$("):
                    inner.pos += 2
                    inner.parse_statements(")")
                else:
                    inner.pos += 1
            for command in inner.commands:
                command.line += self.line_of(self.pos) - 1
            self.commands.extend(inner.commands)
        self.pos = end + 3
        return body.split("\n", 1)[-1] if quote == "'" or "$" not in body else None
