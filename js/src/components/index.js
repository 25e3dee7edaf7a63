/** The dcc components this renderer knows, by Dash type name. */
import { Input, Textarea, Button } from "./input.js";
import { Checklist, RadioItems, Dropdown } from "./options.js";
import { Slider, RangeSlider } from "./slider.js";
import { Store, Interval, Location } from "./invisible.js";
import { Link } from "./link.js";
import { Markdown } from "./markdown.js";
import { Loading, Tabs, Tab } from "./layout.js";
import { Graph } from "./graph.js";
import { Upload, Download } from "./files.js";
import { DatePickerSingle, DatePickerRange } from "./dates.js";

/** @type {Record<string, import("../renderer.js").MountFn>} */
export const components = {
  Input, Textarea, Button, Checklist, RadioItems, Dropdown, Slider, RangeSlider, Store, Interval, Location,
  Link, Markdown, Loading, Tabs, Tab, Graph, Upload, Download,
  DatePickerSingle, DatePickerRange,
};
