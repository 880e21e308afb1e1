"""The statement and command reader: keywords, pipelines, commands and their arguments in argument mode."""

import re
from dataclasses import dataclass, field

from .reader import Reader

KEYWORDS = {
    "if", "elseif", "else", "foreach", "for", "while", "do", "until", "switch", "try", "catch", "finally",
    "function", "filter", "workflow", "param", "begin", "process", "end", "dynamicparam", "return", "throw",
    "exit", "break", "continue", "trap", "data", "using", "class", "enum",
}


@dataclass
class Argument:
    """One command argument: `literal` holds its value when it is fixed text, `items` an array's elements."""
    kind: str
    text: str
    literal: str | None = None
    items: list = field(default_factory=list)


@dataclass
class ParameterToken:
    """-Name, or -Name:value."""
    name: str
    value: Argument | None  # given with a colon: -Switch:$true
    text: str


@dataclass
class Command:
    """One command: its name as written, its line in the block, its text, and whether a pipe feeds it."""
    name: str
    line: int
    text: str
    elements: list
    pipeline_input: bool
    invoked: bool = False  # through & or . : the name is an expression


class Parser(Reader):
    """A recursive-descent reader of the PowerShell language, enough to find every command and its arguments.

    PowerShell reads a command's arguments in argument mode (barewords such as 10.0.0.1 or PORT-MS1 are
    strings, -Name is a parameter) and everything else in expression mode (-eq is an operator): this
    class reads statements and argument mode, Reader expression mode.
    """

    # Statements

    def parse_script(self):
        self.parse_statements(None)
        return self.commands

    def parse_statements(self, closer):
        while True:
            self.skip(newlines=True)
            while self.peek() == ";":
                self.pos += 1
                self.skip(newlines=True)
            if self.pos >= len(self.text):
                if closer:
                    self.fail(f"'{closer}' expected before the end of the block")
                return
            if closer and self.peek() == closer:
                self.pos += 1
                return
            if self.peek() in ")}]":
                self.fail(f"unexpected '{self.peek()}'")
            start = self.pos
            self.parse_statement()
            if self.pos == start:
                self.fail(f"cannot read '{self.peek()}'")

    def keyword(self):
        m = re.compile(r"[A-Za-z]+(?![\w-])").match(self.text, self.pos)
        return m.group(0).lower() if m and m.group(0).lower() in KEYWORDS else None

    def parse_statement(self):
        self.skip()
        word = self.keyword()
        if word is None:
            return self.parse_pipeline()
        self.pos += len(word)
        self.skip()
        if word in ("if", "while"):
            self.parse_parens()
            self.parse_braces()
            if word == "if":
                self.parse_clauses({"elseif": True, "else": False})
        elif word in ("foreach", "for", "switch"):
            while self.peek() == "-":  # switch -Regex -CaseSensitive ...
                self.read_word()
                self.skip()
            self.parse_parens()
            self.skip(newlines=True)
            if word == "switch":
                self.parse_switch_body()
            else:
                self.parse_braces()
        elif word == "do":
            self.parse_braces()
            self.skip(newlines=True)
            if self.keyword() not in ("while", "until"):
                self.fail("do { } needs while or until")
            self.pos += len(self.keyword())
            self.skip()
            self.parse_parens()
        elif word == "try":
            self.parse_braces()
            self.parse_clauses({"catch": None, "finally": False})
        elif word in ("function", "filter", "workflow"):
            self.read_word()
            self.skip()
            if self.peek() == "(":
                self.parse_parens()
            self.parse_braces()
        elif word in ("param", "using", "class", "enum", "data"):
            if self.peek() == "(":
                self.parse_parens()
            elif word != "param":
                self.skip_to_end_of_line()
        elif word in ("begin", "process", "end", "dynamicparam"):
            self.parse_braces()
        elif word == "trap":
            if self.peek() == "[":
                self.read_type()
            self.parse_braces()
        elif word in ("return", "throw", "exit"):
            if not self.at_statement_end():
                self.parse_pipeline()
        elif word in ("break", "continue"):
            if not self.at_statement_end():
                self.read_word()
        else:
            self.fail(f"'{word}' cannot start a statement")

    def parse_clauses(self, clauses):
        """Trailing clauses (elseif, else, catch, finally): value True = (cond) {}, None = [type] {}, False = {}."""
        while True:
            mark = self.pos
            self.skip(newlines=True)
            word = self.keyword()
            if word not in clauses:
                self.pos = mark
                return
            self.pos += len(word)
            self.skip()
            if clauses[word] is True:
                self.parse_parens()
            elif clauses[word] is None:
                while self.peek() == "[":
                    self.read_type()
                    self.skip()
                    if self.peek() == ",":
                        self.pos += 1
                        self.skip(newlines=True)
            self.parse_braces()

    def parse_switch_body(self):
        self.expect("{")
        while not self.at_block_end("switch"):
            self.parse_argument_element()
            self.skip()
            self.parse_braces()

    def parse_parens(self):
        self.skip()
        self.expect("(")
        self.parse_statements(")")

    def parse_braces(self):
        self.skip(newlines=True)
        self.expect("{")
        self.parse_statements("}")

    def at_statement_end(self):
        self.skip()
        return self.pos >= len(self.text) or self.peek() in "\n;)}" or self.starts("|")

    # Pipelines and commands

    def starts_expression(self):
        ch, nxt = self.peek(), self.peek(1)
        if ch in "$'\"(@[{!+,0123456789" or ch in "\u2018\u2019\u201c\u201d":
            return not (ch == "@" and re.match(r"[\w?]", nxt))  # @name splats belong to a command
        if ch == "-":
            return nxt.isdigit() or bool(re.compile(r"-(not|bnot|split|join)\b", re.I).match(self.text, self.pos))
        return ch == "." and nxt.isdigit()

    def parse_pipeline(self):
        self.skip()
        pipeline_input = False
        if self.starts_expression():
            self.parse_expression()
            self.skip()
            m = re.compile(r"(=|\+=|-=|\*=|/=|%=)(?!=)").match(self.text, self.pos)
            if m:
                self.pos = m.end()
                self.skip(newlines=True)
                self.parse_statement()
                return
            if not (self.starts("|") and not self.starts("||")):
                return
            pipeline_input = True
        else:
            self.parse_command(pipeline_input)
            pipeline_input = True
        while True:
            self.skip()
            if not (self.starts("|") and not self.starts("||")):
                return
            self.pos += 1
            self.skip(newlines=True)
            self.parse_command(pipeline_input)

    def command_ends(self):
        ch = self.peek()
        return not ch or ch in "\n;)}" or (ch == "|" and not self.starts("||")) or self.starts("&&") \
            or self.starts("||")

    def parse_command(self, pipeline_input):
        start = self.pos
        line = self.line_of(start)
        if self.peek() == "&" or (self.peek() == "." and self.peek(1) in " \t"):
            self.pos += 1
            self.skip()
        if self.command_ends():
            self.fail("a command is expected here")
        # & 'C:\setup.exe' and & Get-Service name their command; & $block and & (...) do not.
        element = self.parse_argument_element()
        invoked = element.literal is None
        name = element.text if invoked else element.literal
        elements = []
        while True:
            self.skip()
            if self.command_ends():
                break
            redirection = re.compile(r"(\d|\*)?>>?(&\d)?").match(self.text, self.pos)
            if redirection:
                self.pos = redirection.end()
                if not redirection.group(2):
                    self.skip()
                    self.parse_argument_element()
                continue
            if self.starts("--%"):
                self.skip_to_end_of_line()
                break
            token_start = self.pos
            m = re.compile(r"-([A-Za-z_?][^\s:;|(){},]*)(:)?").match(self.text, self.pos)
            if m:
                self.pos = m.end()
                value = None
                if m.group(2):
                    self.skip()
                    value = self.parse_argument()
                elements.append(ParameterToken(m.group(1), value, self.text[token_start:self.pos]))
            elif self.peek() == "@" and re.match(r"[\w?]", self.peek(1)):
                self.pos += 1
                variable = self.read_word()
                elements.append(Argument("splat", "@" + variable))
            else:
                elements.append(self.parse_argument())
        text = " ".join(re.sub(r"`\r?\n", " ", self.text[start:self.pos]).split())
        self.commands.append(Command(name, line, text, elements, pipeline_input, invoked))

    def parse_argument(self):
        """One argument in argument mode; `a, b, c` is one array argument."""
        first = self.parse_argument_element()
        items = [first]
        while True:
            mark = self.pos
            self.skip()
            if self.peek() != ",":
                self.pos = mark
                break
            self.pos += 1
            self.skip(newlines=True)
            items.append(self.parse_argument_element())
        if len(items) == 1:
            return first
        return Argument("array", ", ".join(item.text for item in items), None, items)

    def parse_argument_element(self):
        start = self.pos
        ch = self.peek()
        if ch == "{":
            self.pos += 1
            self.parse_statements("}")
            return Argument("scriptblock", self.text[start:self.pos])
        if ch in "$(@" and (ch != "@" or self.peek(1) in "({\"'"):
            literal = self.parse_primary()
            self.parse_postfix()
            if self.pos == start:
                self.fail(f"cannot read '{ch}'")
            return Argument("expression", self.text[start:self.pos], literal)
        # A bareword, which may join quoted parts: /ACTION="Install", C:\$name\x.
        literal, fixed = "", True
        while self.pos < len(self.text):
            ch = self.peek()
            if ch in " \t\r\n;|(){}," or (ch == "`" and self.peek(1) in "\r\n"):
                break
            if ch in "'\u2018\u2019":
                literal += self.read_single_quoted()
            elif ch in '"\u201c\u201d':
                part = self.read_double_quoted()
                fixed = fixed and part is not None
                literal += part or ""
            elif ch == "`":
                literal += self.peek(1)
                self.pos += 2
            elif ch == "$" and re.match(r"[\w{:?]", self.peek(1)):
                self.parse_variable()
                fixed = False
            else:
                literal += ch
                self.pos += 1
        if self.pos == start:
            self.fail(f"cannot read '{self.peek()}'")
        text = self.text[start:self.pos]
        quoted = text[0] in "'\"\u2018\u2019\u201c\u201d"
        return Argument("string" if quoted else "bareword", text, literal if fixed else None)
