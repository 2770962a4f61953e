// The suite's reporter lines start with this invisible tag (U+2063) so the code-server launcher
// can tell them from the workbench's own console chatter: both reach it through one channel.
// In desktop VS Code the tag is simply invisible.
export const suiteLineTag = '\u2063';
